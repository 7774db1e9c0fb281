import { once } from 'node:events';
import readline from 'node:readline';
import { Command } from 'commander';
import { ShopcastError } from '../errors';
import { assertValidSender, checkMessage, countSms, type MessageProblem, type Replacement, type SmsCount } from './index';

/**
 * `shopcast sms count`: the SMS core from a shell. Thin by design: options in, index.ts calls,
 * lines out. Without TEXT it streams JSON lines from stdin so one process counts thousands of texts.
 */

interface CountFlags {
  marketing?: boolean;
  sender?: string;
  replace?: boolean;
  json?: boolean;
}

interface CountRecord {
  encoding: SmsCount['encoding'];
  parts: number;
  length: number;
  remaining: number;
  replacements?: Replacement[];
  problems?: Array<Pick<MessageProblem, 'code' | 'message'>>;
}

interface Evaluation {
  record: CountRecord;
  count: SmsCount;
  stopCounted: boolean;
}

export function registerSmsCommands(program: Command): void {
  // Other capabilities add their own `sms ...` sub-commands: share the group whoever registers first.
  const sms = program.commands.find((c) => c.name() === 'sms') ?? program.command('sms').description('SMS encoding, part counting and checks');
  sms
    .command('count')
    .description('count the SMS parts of TEXT, or of each JSON string line read from stdin')
    .argument('[text]', 'the message; without it, stdin is read as JSON lines (one JSON string per line)')
    .option('--marketing', 'commercial message: check the provider rules for France; with --sender, count the 12-character STOP mention')
    .option('--sender <name>', 'validate this custom sender name (4-11 letters, digits or spaces, not digits only); alone it changes no count')
    .option('--replace', 'replace non-GSM characters by look-alikes first, and list each replacement')
    .option('--json', 'print one JSON object instead of a summary (stdin mode always prints JSON lines)')
    .action(async (text: string | undefined, flags: CountFlags) => {
      if (flags.sender !== undefined) assertValidSender(flags.sender);
      if (text !== undefined) countOne(text, flags);
      else await countStream(flags, process.stdin, process.stdout);
    });
}

/**
 * Plain mode counts the text exactly as given (--sender alone only validates the name). Rules mode
 * (--marketing or --replace) applies the provider's rules for France and reports problems instead
 * of cutting the text. The STOP mention is counted as campaigns count it: a marketing message under
 * a custom sender; without one the provider's short number sends it and appends nothing.
 */
function evaluate(text: string, flags: CountFlags): Evaluation {
  if (!flags.marketing && !flags.replace) {
    const count = countSms(text);
    return { record: baseRecord(count), count, stopCounted: false };
  }
  const check = checkMessage(text, { marketing: flags.marketing, customSender: flags.sender !== undefined, replace: flags.replace, country: 'FR' });
  const record = baseRecord(check.count);
  if (flags.replace) record.replacements = check.replacements;
  if (check.problems.length > 0) record.problems = check.problems.map(({ code, message }) => ({ code, message }));
  return { record, count: check.count, stopCounted: check.stopCounted };
}

function baseRecord(count: SmsCount): CountRecord {
  return { encoding: count.encoding, parts: count.parts, length: count.length, remaining: count.remaining };
}

function countOne(text: string, flags: CountFlags): void {
  const result = evaluate(text, flags);
  process.stdout.write(flags.json ? `${JSON.stringify(result.record)}\n` : summary(result));
  const problems = result.record.problems ?? [];
  if (problems.length > 0) {
    throw new ShopcastError('invalid_input', 'the message cannot be sent as is', { problems }, problems.map((p) => ({ path: p.code, message: p.message })));
  }
}

/**
 * One JSON object per input line, in input order, written as each line is read (no buffering of
 * the whole input). A line that is not a JSON string, a blank one included, gets an {"error"}
 * object in its place so output line N answers input line N; the command then exits with status 2.
 */
async function countStream(flags: CountFlags, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let bad = 0;
  for await (const line of lines) {
    lineNumber++;
    const text = parseJsonString(line);
    if (text === undefined) bad++;
    const problem = line.trim() === '' ? 'blank line, expected a JSON string' : 'expected a JSON string';
    const record = text === undefined ? { error: `line ${lineNumber}: ${problem}` } : evaluate(text, flags).record;
    if (!output.write(`${JSON.stringify(record)}\n`)) await once(output, 'drain');
  }
  if (bad > 0) throw new ShopcastError('invalid_input', `${bad} input line(s) were not JSON strings`, { bad });
}

function parseJsonString(line: string): string | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function summary({ record, count, stopCounted }: Evaluation): string {
  const unit = count.encoding === 'GSM' ? 'septets' : 'UTF-16 units';
  const lines = [
    `${count.encoding === 'GSM' ? 'GSM 03.38' : 'UCS-2'}: ${plural(count.parts, 'part')}, ${count.length} ${unit}, ` +
      `${count.remaining} left in the ${count.parts > 1 ? 'last part' : 'message'} (${count.perPart} per part)`,
  ];
  if (stopCounted) lines.push(`includes the ${count.reserved}-character STOP mention`);
  if (count.nonGsm.length > 0) {
    lines.push(`forcing UCS-2: ${count.nonGsm.map((c) => `${JSON.stringify(c.char)} at ${c.index}`).join(', ')}`);
  }
  for (const r of record.replacements ?? []) {
    lines.push(`replaced ${JSON.stringify(r.from)} (${r.codePoints}) at ${r.index} by ${JSON.stringify(r.to)} [${r.kind}]`);
  }
  for (const p of record.problems ?? []) lines.push(`problem (${p.code}): ${p.message}`);
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
