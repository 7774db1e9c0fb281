import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * A text cell a spreadsheet would run as a formula (OWASP's CSV injection: it starts with =, +,
 * -, @, a tab or a carriage return) gets a leading quote. Numbers, phone numbers in E.164
 * included, are not formulas and stay as they are.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d[\d .]*$/.test(value) ? `'${value}` : value;
}

/**
 * Streams rows as CSV with ';' (what French spreadsheets open directly) or as a JSON array,
 * writing as rows arrive and waiting on back-pressure, so an export of any size runs in
 * constant memory. CSV text cells go through defuseFormula; JSON keeps every value as it is.
 */
export async function writeCsv<T extends object>(out: Writable, columns: Array<keyof T & string>, rows: AsyncIterable<T>): Promise<void> {
  const csv = stringify({ delimiter: ';', header: true, columns, bom: true, cast: { string: defuseFormula } });
  csv.pipe(out, { end: false });
  for await (const row of rows) {
    if (!csv.write(row)) await once(csv, 'drain');
  }
  csv.end();
  await once(csv, 'end');
}

export async function writeJsonArray<T>(out: Writable, rows: AsyncIterable<T>): Promise<void> {
  let first = true;
  out.write('[');
  for await (const row of rows) {
    const ok = out.write(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
    first = false;
    if (!ok) await once(out, 'drain');
  }
  out.write('\n]\n');
}
