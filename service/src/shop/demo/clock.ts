/**
 * Shop wall-clock times for the generator. PrestaShop stores datetimes as wall-clock strings in
 * PS_TIMEZONE, so the demo computes on "wall milliseconds": a Date.UTC value whose UTC fields are
 * the shop's wall-clock fields. No time zone arithmetic happens after the starting instant.
 */
export const DEMO_TIME_ZONE = 'Europe/Paris';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The wall-clock reading of an instant in a time zone, as wall milliseconds (seconds kept). */
export function wallClockOf(instant: Date, timeZone = DEMO_TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
}

/** Same wall time, n calendar years earlier (29 February becomes 1 March). */
export function yearsBefore(wall: number, years: number): number {
  const d = new Date(wall);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.getTime();
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
// 'YYYY-MM-DD ' per day number, and whether that day loses an hour: formatting is the generator's
// hottest call (a quarter of its time with toISOString on each call).
const dayPrefixes = new Map<number, { prefix: string; springForward: boolean }>();

/**
 * 'YYYY-MM-DD hh:mm:ss'. Times inside the spring-forward hour (last Sunday of March, 02:00 to
 * 02:59 in Europe/Paris) do not exist on the shop's clock: they become 03:00:00, which keeps the
 * order of successive events (a +1 hour shift would put 02:50 after 03:20).
 */
export function formatDateTime(wall: number): string {
  const seconds = Math.floor(wall / 1000);
  const day = Math.floor(seconds / 86400);
  let entry = dayPrefixes.get(day);
  if (!entry) {
    const date = new Date(day * DAY);
    entry = { prefix: `${date.toISOString().slice(0, 10)} `, springForward: isSpringForwardDay(date) };
    dayPrefixes.set(day, entry);
  }
  const inDay = seconds - day * 86400;
  const hour = Math.floor(inDay / 3600);
  if (hour === 2 && entry.springForward) return `${entry.prefix}03:00:00`;
  return `${entry.prefix}${PAD2[hour]}:${PAD2[Math.floor(inDay / 60) % 60]}:${PAD2[inDay % 60]}`;
}

/** 'YYYY-MM-DD'. */
export function formatDate(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

function isSpringForwardDay(d: Date): boolean {
  return d.getUTCMonth() === 2 && d.getUTCDay() === 0 && d.getUTCDate() >= 25;
}
