import { DateTime } from 'luxon';
import { z } from 'zod';
import { isFrenchHoliday } from './holidays';

/**
 * When marketing SMS may go out. The default satisfies every French source at once: Monday to
 * Saturday, 08:00 to 20:00 Paris time, never on a French public holiday. A shop may change it
 * (another country's rules), never to something that is not a window.
 */
export const sendWindowSchema = z
  .object({
    /** ISO weekdays, 1 = Monday ... 7 = Sunday */
    days: z.array(z.number().int().min(1).max(7)).min(1, { message: 'choose at least one day' }),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM' }),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'expected HH:MM' }),
    zone: z.string().refine((zone) => DateTime.local().setZone(zone).isValid, { message: 'unknown time zone' }),
    holidays: z.enum(['FR', 'none']),
  })
  .refine((w) => w.start < w.end, { message: 'the window must start before it ends', path: ['end'] });

export type SendWindow = z.infer<typeof sendWindowSchema>;

export const DEFAULT_SEND_WINDOW: SendWindow = {
  days: [1, 2, 3, 4, 5, 6],
  start: '08:00',
  end: '20:00',
  zone: 'Europe/Paris',
  holidays: 'FR',
};

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function dayAllowed(local: DateTime, window: SendWindow): boolean {
  if (!window.days.includes(local.weekday)) return false;
  return !(window.holidays === 'FR' && isFrenchHoliday(local.toISODate()!));
}

/** True when `instant` falls inside the window (start included, end excluded). */
export function isInSendWindow(instant: Date, window: SendWindow = DEFAULT_SEND_WINDOW): boolean {
  const local = DateTime.fromJSDate(instant, { zone: window.zone });
  const m = local.hour * 60 + local.minute;
  return dayAllowed(local, window) && m >= minutes(window.start) && m < minutes(window.end);
}

/**
 * The first allowed instant at or after `instant`: itself when inside the window, else the next
 * window's start on the shop's wall clock (a DST change is handled by the zone, not by adding hours).
 */
export function nextSendTime(instant: Date, window: SendWindow = DEFAULT_SEND_WINDOW): Date {
  if (isInSendWindow(instant, window)) return instant;
  const local = DateTime.fromJSDate(instant, { zone: window.zone });
  const [sh, sm] = window.start.split(':').map(Number);
  for (let offset = 0; offset <= 366; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    if (!dayAllowed(day, window)) continue;
    const start = day.set({ hour: sh, minute: sm });
    if (start >= local) return start.toJSDate();
  }
  throw new Error('the send window never opens within a year');
}
