/** 'YYYY-MM-DD hh:mm:ss' in UTC: the form our own DATETIME columns store on both dialects. */
export function toSqlDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
