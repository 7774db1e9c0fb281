/**
 * French public holidays (jours fériés), computed rather than listed so no year runs out. Easter
 * uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher): ten lines of arithmetic, where a
 * holiday library would bring hundreds of countries' rules we do not need.
 */

/** Easter Sunday of `year` as [month (1-12), day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function shift(year: number, [month, day]: [number, number], days: number): string {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

/** The 11 French public holidays of `year`, as 'YYYY-MM-DD'. */
export function frenchHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((md) => `${year}-${md}`);
  const moving = [shift(year, easter, 1), shift(year, easter, 39), shift(year, easter, 50)];
  return [...fixed, ...moving].sort();
}

const cache = new Map<number, Set<string>>();

export function isFrenchHoliday(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  let days = cache.get(year);
  if (!days) {
    days = new Set(frenchHolidays(year));
    cache.set(year, days);
  }
  return days.has(isoDate);
}
