import fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { openRuntime } from '../cli/runtime';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { defuseFormula } from '../exports';
import { parseInstant } from './criteria';
import { countSegment, Recipient, segmentRecipients } from './index';

/**
 * `shopcast segment count|export`: read a criteria file, call the segments face, print. No rule
 * lives here; the HTTP routes and the tests run the same code.
 */
interface SegmentArgs {
  criteria: string;
  at?: string;
}

function readCriteria(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ShopcastError('invalid_input', { en: `--criteria: cannot read ${file} (${code})`, fr: `--criteria : impossible de lire ${file} (${code})` }, { file });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    throw new ShopcastError('invalid_input', { en: `--criteria: ${file} is not valid JSON (${reason})`, fr: `--criteria : ${file} n'est pas un JSON valide (${reason})` }, { file });
  }
}

async function withSegment<T>(args: SegmentArgs, work: (db: ReturnType<typeof openRuntime>['db'], input: unknown, at?: Date) => Promise<T>): Promise<T> {
  const input = readCriteria(args.criteria);
  const at = args.at === undefined ? undefined : parseInstant(args.at, '--at');
  const rt = openRuntime();
  try {
    await migrate(rt.db);
    return await work(rt.db, input, at);
  } finally {
    await rt.close();
  }
}

const COLUMNS: Array<keyof Recipient> = ['id_customer', 'phone', 'country', 'firstname', 'lastname', 'email', 'id_shop', 'id_lang'];

async function* jsonArray(recipients: AsyncIterable<Recipient>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const r of recipients) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** stdout never ends with the pipeline: it is shared with whatever prints next. */
function stdoutSink(): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      if (process.stdout.write(chunk)) done();
      else process.stdout.once('drain', () => done());
    },
  });
}

/** The --out file, opened after validation (bad criteria leave it untouched) and before any row is read: an unwritable path is bad input, not a crash midway. */
function openOut(out: string): Writable {
  try {
    return fs.createWriteStream(out, { fd: fs.openSync(out, 'w') });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ShopcastError('invalid_input', { en: `--out: cannot write ${out} (${code})`, fr: `--out : impossible d'écrire ${out} (${code})` }, { file: out });
  }
}

async function exportRecipients(recipients: AsyncIterable<Recipient>, format: string, sink: Writable): Promise<void> {
  if (format === 'json') return pipeline(Readable.from(jsonArray(recipients)), sink);
  const csv = stringify({ delimiter: ';', header: true, columns: COLUMNS, cast: { string: defuseFormula } });
  return pipeline(Readable.from(recipients), csv, sink);
}

export function registerSegmentCommands(program: Command): void {
  const segment = program.command('segment').description('count or export the recipients of a segment (criteria JSON, docs/segments.md)');
  segment
    .command('count')
    .description('print matched customers, reachable recipients and drops by reason')
    .requiredOption('--criteria <file>', 'criteria JSON file')
    .option('--at <instant>', 'evaluation instant, ISO-8601 with offset (default: now)')
    .option('--json', 'print JSON')
    .action(async (opts: SegmentArgs & { json?: boolean }) => {
      const count = await withSegment(opts, (db, input, at) => countSegment(db, input, { at }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(count)}\n`);
        return;
      }
      const dropped = Object.entries(count.dropped).map(([reason, n]) => `${reason} ${n}`).join(', ');
      process.stdout.write(`matched: ${count.matched}\nreachable: ${count.reachable}\ndropped: ${dropped}\n`);
    });
  segment
    .command('export')
    .description("stream the recipients as CSV (';') or JSON")
    .requiredOption('--criteria <file>', 'criteria JSON file')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--at <instant>', 'evaluation instant, ISO-8601 with offset (default: now)')
    .action(async (opts: SegmentArgs & { format: string; out?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'json') throw new ShopcastError('invalid_input', { en: '--format: expected csv or json', fr: '--format : csv ou json attendu' });
      await withSegment(opts, async (db, input, at) => {
        const recipients = await segmentRecipients(db, input, { at });
        const sink = opts.out ? openOut(opts.out) : stdoutSink();
        await exportRecipients(recipients, opts.format, sink);
      });
    });
}
