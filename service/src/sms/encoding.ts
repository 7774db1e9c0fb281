import { GSM_TABLE_SIZE, GSM_WIDTH } from './gsm-alphabet';

/**
 * Encoding and part counting of one SMS text. The hot path of every count (the admin page's live
 * counter, campaign estimates, the `sms count` CLI): one pass over UTF-16 units with a table
 * lookup, a second pass only when a character forces UCS-2. No allocation for GSM texts.
 */

export type SmsEncoding = 'GSM' | 'UCS2';

/** A character that forced UCS-2 and where it is: index in UTF-16 units, as String.prototype.slice counts. */
export interface NonGsmChar {
  char: string;
  index: number;
}

export interface SmsCount {
  encoding: SmsEncoding;
  /** Number of SMS the text needs (1 for the empty text). */
  parts: number;
  /** Septets (GSM, extension characters count 2) or UTF-16 units (UCS2), reserve included. */
  length: number;
  /** Septets or units still free in the last part. */
  remaining: number;
  /** Capacity of one part for this text: 160/70 when it fits in one SMS, 153/67 otherwise. */
  perPart: number;
  /** Units appended by the provider and counted here (the STOP mention), 0 when none. */
  reserved: number;
  /** Every character that is not GSM 03.38, in order; empty for GSM texts. */
  nonGsm: readonly NonGsmChar[];
}

/** Capacities per encoding: one whole SMS, and one part of a concatenated SMS (the UDH takes the rest). */
export const SMS_LIMITS = {
  GSM: { single: 160, multi: 153 },
  UCS2: { single: 70, multi: 67 },
} as const;

// Local copies: imported bindings compile to getter calls under CommonJS, too slow for the hot loop.
const WIDTH: Uint8Array = GSM_WIDTH;
const TABLE_SIZE: number = GSM_TABLE_SIZE;
const GSM_MULTI = SMS_LIMITS.GSM.multi;
const UCS2_MULTI = SMS_LIMITS.UCS2.multi;
const EURO = 0x20ac;
const NONE: readonly NonGsmChar[] = Object.freeze([]);

/**
 * Counts the parts `text` needs. An extension character (escape + char) and a surrogate pair are
 * never split across two parts, so a part may hold 152 septets or 66 units. `reserve` adds that many
 * one-unit characters at the end (the provider's STOP mention): they count in length and parts.
 * Grapheme clusters (flags, ZWJ emoji, combining accents) are counted per code point: see docs/sms.md.
 */
export function countSms(text: string, reserve = 0): SmsCount {
  let length = 0;
  let used = 0;
  let parts = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const width = septets(code);
    if (width === 0) return countUcs2(text, i, reserve);
    length += width;
    if (used + width > GSM_MULTI) {
      parts++;
      used = width;
    } else {
      used += width;
    }
  }
  return finish('GSM', length, used, parts, reserve, NONE);
}

/** The UCS-2 pass, entered at the first non-GSM unit: everything before it is known to be GSM. */
function countUcs2(text: string, firstNonGsm: number, reserve: number): SmsCount {
  const nonGsm: NonGsmChar[] = [];
  const n = text.length;
  let used = 0;
  let parts = 1;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const width = isSurrogatePairAt(text, i, code) ? 2 : 1;
    if (i >= firstNonGsm && (width === 2 || septets(code) === 0)) {
      nonGsm.push({ char: width === 2 ? text.slice(i, i + 2) : text[i], index: i });
    }
    if (used + width > UCS2_MULTI) {
      parts++;
      used = width;
    } else {
      used += width;
    }
    i += width - 1;
  }
  return finish('UCS2', n, used, parts, reserve, nonGsm);
}

/** gsmWidth over the local table copies; small enough for V8 to inline in both loops. */
function septets(code: number): number {
  return code < TABLE_SIZE ? WIDTH[code] : code === EURO ? 2 : 0;
}

function isSurrogatePairAt(text: string, i: number, code: number): boolean {
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

function finish(
  encoding: SmsEncoding,
  length: number,
  used: number,
  parts: number,
  reserve: number,
  nonGsm: readonly NonGsmChar[],
): SmsCount {
  const { single, multi } = SMS_LIMITS[encoding];
  // The reserve is made of one-unit characters, so it can be poured in without a boundary rule.
  used += reserve;
  while (used > multi) {
    parts++;
    used -= multi;
  }
  const total = length + reserve;
  if (total <= single) {
    return { encoding, parts: 1, length: total, remaining: single - total, perPart: single, reserved: reserve, nonGsm };
  }
  return { encoding, parts, length: total, remaining: multi - used, perPart: multi, reserved: reserve, nonGsm };
}
