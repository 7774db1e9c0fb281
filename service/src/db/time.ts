/**
 * A LIKE pattern that finds `value` anywhere, with the user's own `%` and `_` searched for as
 * themselves. Use with ESCAPE '!': a backslash means different things in MySQL and SQLite literals.
 */
export function likeContains(value: string): string {
  return `%${value.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** 'YYYY-MM-DD hh:mm:ss' in UTC: the form our own DATETIME columns store on both dialects. */
export function toSqlDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds since the epoch of a toSqlDateTime value (UTC), as both drivers return it. */
export function fromSqlDateTime(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}
