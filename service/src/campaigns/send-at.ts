import { DateTime } from 'luxon';
import { ShopcastError } from '../errors';
import { invalidInput, issue } from './messages';

/**
 * "Send at" as the merchant types it. A wall-clock time without offset (2026-12-01T10:00, or with
 * a space, seconds optional) is read on the shop's clock (PS_TIMEZONE), as PrestaShop itself
 * shows times; an explicit offset or Z is taken as given. Pure: the zone is handed in.
 */
const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseSendAt(value: unknown, zone: string): Date {
  const text = typeof value === 'string' ? value.trim() : '';
  const wall = WALL.exec(text);
  if (wall) {
    const [year, month, day, hour, minute, second] = wall.slice(1).map((v) => Number(v ?? 0));
    const local = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
    if (!local.isValid) throw invalidAt(zone);
    // A time the clocks skip (spring forward) does not exist there: luxon would move it silently.
    if (local.hour !== hour || local.minute !== minute || local.day !== day) {
      throw invalidInput([issue('at', 'at_gap', { at: text, zone })]);
    }
    return local.toJSDate();
  }
  if (WITH_OFFSET.test(text)) {
    const instant = DateTime.fromISO(text, { setZone: true });
    if (instant.isValid) return instant.toJSDate();
  }
  throw invalidAt(zone);
}

/** The instant a campaign is scheduled for: parsed as parseSendAt, and refused once more than a minute past. */
export function futureSendAt(value: unknown, zone: string, now: Date): Date {
  const instant = parseSendAt(value, zone);
  if (instant.getTime() < now.getTime() - 60_000) throw invalidInput([issue('at', 'at_past')]);
  return instant;
}

function invalidAt(zone: string): ShopcastError {
  return invalidInput([issue('at', 'at', { zone })]);
}

/** An instant on the shop's clock with its offset, e.g. 2026-12-01T10:00:00+01:00. */
export function shopTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}
