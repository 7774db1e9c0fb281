/**
 * Counts per second of our SMS counter against @trt2/gsm-charset-utils and sms-segments-calculator
 * on a 160-character French text in GSM and in UCS-2, plus their agreement on a seeded corpus.
 * Run: npx tsx bench/sms-count.ts   (prints only; tests never assert timings)
 */
import * as trt2 from '@trt2/gsm-charset-utils';
import { SegmentedMessage } from 'sms-segments-calculator';
import { countSms, type SmsCount } from '../service/src/sms';
import { randomCorpus } from '../test/sms/corpus';

interface Counted {
  encoding: 'GSM' | 'UCS2';
  parts: number;
  /** in the library's own convention: see lengthAsReported */
  length: number;
}

interface Contender {
  name: string;
  count(text: string): Counted;
  /** Seconds to spend per text: the slow library gets enough calls for a stable figure. */
  seconds: number;
}

const GSM_TEXT =
  'Bonjour Marie, votre commande XKBKNABJK a été expédiée ce matin. Livraison prévue sous 48h à votre adresse. ' +
  'Merci de votre confiance et à très vite, Ma Boutique';
const UCS2_TEXT =
  'Bonjour Marie, votre commande XKBKNABJK a été expédiée aujourd’hui. Livraison prévue sous 48 h à votre adresse. ' +
  'Merci pour votre confiance, à bientôt chez nous…';

const contenders: Contender[] = [
  { name: 'shopcast countSms', seconds: 1, count: (t) => countSms(t) },
  { name: '@trt2/gsm-charset-utils', seconds: 1, count: (t) => { const r = trt2.getCharCount(t); return { encoding: r.encoding, parts: r.msgCount, length: r.charCount }; } },
  {
    name: 'sms-segments-calculator',
    seconds: 1,
    count: (t) => {
      const m = new SegmentedMessage(t);
      const gsm = m.encodingName === 'GSM-7';
      return { encoding: gsm ? 'GSM' : 'UCS2', parts: m.segmentsCount, length: m.messageSize / (gsm ? 7 : 16) };
    },
  },
];

let sink = 0;

/** Calls per second, measured in growing batches until the time budget is spent. */
function measure(contender: Contender, text: string): number {
  for (let i = 0; i < 200; i++) sink += contender.count(text).parts;
  let calls = 0;
  let batch = 16;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(contender.seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < batch; i++) sink += contender.count(text).parts;
    calls += batch;
    batch = Math.min(batch * 2, 65536);
    elapsed = process.hrtime.bigint() - start;
  }
  return calls / (Number(elapsed) / 1e9);
}

/**
 * Our length in the contender's convention: @trt2 reports the padded length (full previous parts
 * plus what the last one uses, so a part closed early by an escape pair counts whole); Twilio and
 * we report the septets or units of the text itself.
 */
function lengthAsReported(contender: Contender, ours: SmsCount): number {
  if (contender.name !== '@trt2/gsm-charset-utils' || ours.parts === 1) return ours.length;
  return (ours.parts - 1) * ours.perPart + (ours.perPart - ours.remaining);
}

/** Share of texts where encoding, part count and length match ours; Twilio keeps grapheme clusters whole, so those are left out for it. */
function agreement(contender: Contender, corpus: string[]): string {
  if (contender.name.startsWith('shopcast')) return '-';
  const comparable = contender.name === 'sms-segments-calculator' ? corpus.filter((t) => !hasCluster(t)) : corpus;
  const same = comparable.filter((t) => {
    const ours = countSms(t);
    const theirs = contender.count(t);
    return ours.encoding === theirs.encoding && ours.parts === theirs.parts && lengthAsReported(contender, ours) === theirs.length;
  }).length;
  return `${((100 * same) / comparable.length).toFixed(1)}% of ${comparable.length}`;
}

function hasCluster(text: string): boolean {
  return new SegmentedMessage(text).graphemes.some((g) => Array.from(g).length > 1);
}

function main(): void {
  if (GSM_TEXT.length !== 160 || UCS2_TEXT.length !== 160) throw new Error('bench texts must be 160 characters');
  const gsm = countSms(GSM_TEXT);
  const ucs2 = countSms(UCS2_TEXT);
  console.log(`GSM text: ${gsm.encoding}, ${gsm.parts} part(s); UCS-2 text: ${ucs2.encoding}, ${ucs2.parts} part(s); node ${process.version}`);
  const corpus = [GSM_TEXT, UCS2_TEXT, ...randomCorpus(2024, 3000, true)];
  const rows = contenders.map((c) => ({ name: c.name, gsm: measure(c, GSM_TEXT), ucs2: measure(c, UCS2_TEXT), agree: agreement(c, corpus) }));
  const base = rows[1];
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ratio = (n: number, b: number): string => `${(n / b).toFixed(n / b < 0.1 ? 4 : 2)}x`;
  const header = ['library', 'GSM calls/s', 'vs trt2', 'UCS-2 calls/s', 'vs trt2', 'agreement with ours'];
  const lines = rows.map((r) => [r.name, fmt(r.gsm), ratio(r.gsm, base.gsm), fmt(r.ucs2), ratio(r.ucs2, base.ucs2), r.agree]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(row(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(row(l));
  console.log('agreement = same encoding, part count and length; sms-segments-calculator is compared on texts without');
  console.log('multi-code-point grapheme clusters (it never splits a flag or ZWJ emoji; we split between code points).');
  if (sink === 42) console.log('');
}

main();
