import { DateTime } from 'luxon';

/**
 * Date math of segmentation, pure. PrestaShop stores datetimes as wall-clock strings in the
 * shop's zone (PS_TIMEZONE), so every bound we compute is a wall-clock string compared to a
 * column as a bound parameter. The evaluation instant is read once on the shop's clock, then all
 * arithmetic runs on that reading held as a zone-less (UTC-labelled) DateTime: calendar months
 * and years are subtracted on the wall clock and can never fall into a DST gap.
 */
export const DEFAULT_ZONE = 'Europe/Paris';

/** A half-open range [from, to) of wall-clock strings; a missing end is unbounded. */
export interface WallRange {
  from?: string;
  to?: string;
}

export interface ShopClock {
  /** the evaluation instant's wall-clock reading, truncated to the second, zone-less */
  wall: DateTime;
  zone: string;
}

export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** Reads an instant on the shop's clock (an unknown zone falls back to Europe/Paris). */
export function shopClock(at: Date, zone: string): ShopClock {
  const used = isValidZone(zone) ? zone : DEFAULT_ZONE;
  const local = DateTime.fromJSDate(at).setZone(used);
  const wall = DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second },
    { zone: 'UTC' },
  );
  return { wall, zone: used };
}

export function formatWall(dt: DateTime): string {
  return dt.toFormat('yyyy-MM-dd HH:mm:ss');
}

function formatDate(dt: DateTime): string {
  return dt.toFormat('yyyy-MM-dd');
}

/** 'YYYY-MM-DD' naming a real calendar day. */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/**
 * "The last m months": from the evaluation wall-clock time minus m calendar months (same time of
 * day, the day clamped to the month's end: 31 March - 1 month = 29 February in a leap year), start
 * included, to the evaluation instant included (DATETIME columns hold whole seconds, hence +1 s).
 */
export function lastMonths(clock: ShopClock, months: number): WallRange {
  return { from: formatWall(clock.wall.minus({ months })), to: formatWall(clock.wall.plus({ seconds: 1 })) };
}

/** Whole days: before D = before D 00:00; after D = from D+1 00:00; between includes both days. */
export function dayRange(op: 'before' | 'after' | 'between', first: string, last?: string): WallRange {
  const day = (d: string) => DateTime.fromISO(d, { zone: 'UTC' });
  if (op === 'before') return { to: formatWall(day(first)) };
  if (op === 'after') return { from: formatWall(day(first).plus({ days: 1 })) };
  return { from: formatWall(day(first)), to: formatWall(day(last ?? first).plus({ days: 1 })) };
}

/**
 * Birthdays giving an age in [minAge, maxAge] (whole years at the evaluation date; either end may
 * be open), as a half-open range of 'YYYY-MM-DD' dates. age >= k exactly when the birthday is on or
 * before today - k years (clamped: someone born on 29 February turns a year older on 1 March in
 * other years), i.e. before that day + 1.
 */
export function birthdayRange(clock: ShopClock, minAge?: number, maxAge?: number): WallRange {
  const today = clock.wall.startOf('day');
  const dayAfterThreshold = (years: number) => formatDate(today.minus({ years }).plus({ days: 1 }));
  const range: WallRange = {};
  if (minAge !== undefined) range.to = dayAfterThreshold(minAge);
  if (maxAge !== undefined) range.from = dayAfterThreshold(maxAge + 1);
  return range;
}
