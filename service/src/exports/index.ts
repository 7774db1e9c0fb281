import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * Streams rows as CSV with ';' (what French spreadsheets open directly) or as a JSON array,
 * writing as rows arrive and waiting on back-pressure, so an export of any size runs in
 * constant memory.
 */
export async function writeCsv<T extends object>(out: Writable, columns: Array<keyof T & string>, rows: AsyncIterable<T>): Promise<void> {
  const csv = stringify({ delimiter: ';', header: true, columns, bom: true });
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
