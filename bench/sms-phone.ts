/**
 * Phone parsing speed per libphonenumber-js metadata set, on the numbers buyers type, and whether
 * each set can classify them (mobile / landline / junk). Backs the choice of "max" in
 * service/src/sms/phone.ts. Run: npx tsx bench/sms-phone.ts
 */
import * as max from 'libphonenumber-js/max';
import * as min from 'libphonenumber-js/min';
import * as mobile from 'libphonenumber-js/mobile';
import { normalizePhone } from '../service/src/sms';
import { seededRandom } from '../test/sms/corpus';

type Classify = (input: string) => string;

function inputs(size: number): string[] {
  const rand = seededRandom(7);
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const shapes = [
    () => `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    () => `07${digits(8)}`,
    () => `+33 6 ${digits(8)}`,
    () => `01.${digits(2)}.${digits(2)}.${digits(2)}.${digits(2)}`,
    () => `0033 ${['6', '7', '1', '9'][Math.floor(rand() * 4)]}${digits(8)}`,
    () => digits(Math.floor(rand() * 12)),
  ];
  return Array.from({ length: size }, () => shapes[Math.floor(rand() * shapes.length)]());
}

const sets: Array<{ name: string; classify: Classify }> = [
  { name: 'max: parse + getType (ours)', classify: (s) => { const r = normalizePhone(s, 'FR'); return r.valid ? r.type : 'invalid'; } },
  { name: 'max: parse + isValid + getType', classify: (s) => { const p = max.parsePhoneNumberFromString(s, 'FR'); return p && p.isValid() ? p.getType() ?? '?' : 'invalid'; } },
  { name: 'mobile: parse + getType', classify: (s) => { const p = mobile.parsePhoneNumberFromString(s, 'FR'); return p?.getType() ?? 'invalid'; } },
  { name: 'min: parse + isValid', classify: (s) => { const p = min.parsePhoneNumberFromString(s, 'FR'); return p && p.isValid() ? p.getType() ?? 'valid, type unknown' : 'invalid'; } },
];

/** Best of three passes, so the order of the rows does not decide who had the warm JIT. */
function perSecond(classify: Classify, data: string[]): number {
  for (const s of data.slice(0, 5000)) classify(s);
  let best = 0;
  for (let pass = 0; pass < 3; pass++) {
    const start = process.hrtime.bigint();
    for (const s of data) classify(s);
    best = Math.max(best, data.length / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return best;
}

function main(): void {
  const data = inputs(50000);
  const reference = data.map((s) => sets[0].classify(s));
  // Valid and junk inputs apart: naming a junk input's reason costs a second parse in ours.
  const valid = data.filter((_, i) => reference[i] !== 'invalid');
  const junk = data.filter((_, i) => reference[i] === 'invalid');
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`${data.length} seeded inputs (${valid.length} valid, ${junk.length} junk; FR mobiles, landlines, junk), default country FR, node ${process.version}`);
  console.log('| metadata | parses/s | valid inputs/s | junk inputs/s | same type as max | landline 01... seen as |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const set of sets) {
    const same = data.filter((s, i) => set.classify(s) === reference[i]).length;
    const cells = [fmt(perSecond(set.classify, data)), fmt(perSecond(set.classify, valid)), fmt(perSecond(set.classify, junk))];
    console.log(`| ${set.name} | ${cells.join(' | ')} | ${((100 * same) / data.length).toFixed(1)}% | ${set.classify('01 42 68 53 00')} |`);
  }
}

main();
