import { isGsmText } from './gsm-alphabet';

/**
 * Replacement (transliteration) of characters outside GSM 03.38 by GSM look-alikes, so a French
 * text stays in 160-character parts. Nothing is replaced silently: every change comes back with its
 * position so the page can show it before the merchant accepts it.
 */

export type ReplacementKind = 'quote' | 'dash' | 'ellipsis' | 'space' | 'invisible' | 'accent' | 'symbol';

export interface Replacement {
  /** Where `from` starts in the original text, in UTF-16 units. */
  index: number;
  from: string;
  /** What replaces it; '' when an invisible character is removed. */
  to: string;
  kind: ReplacementKind;
  /** Code points of `from`, e.g. "U+2019", so invisible characters can be named. */
  codePoints: string;
}

export interface ReplaceResult {
  text: string;
  replacements: Replacement[];
}

interface Substitute {
  to: string;
  kind: ReplacementKind;
}

function entries(kind: ReplacementKind, to: string, chars: string): Array<[string, Substitute]> {
  return Array.from(chars, (ch) => [ch, { to, kind }] as [string, Substitute]);
}

/**
 * Explicit map, checked first. French accents outside GSM go to the bare letter: ç becomes c, not
 * Ç (which GSM has), because a capital inside a word ("garÇon") reads as a typo on a phone.
 */
const TABLE = new Map<string, Substitute>([
  ...entries('quote', "'", '\u2018\u2019\u201a\u201b\u2032\u2039\u203a`\u00b4\u02bc\uff07'),
  ...entries('quote', '"', '\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02'),
  ...entries('dash', '-', '\u2010\u2011\u2012\u2013\u2014\u2015\u2212'),
  ['\u2026', { to: '...', kind: 'ellipsis' }],
  ...entries('space', ' ', '\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000'),
  ...entries('invisible', '', '\u00ad\u200b\u200c\u200d\u2060\ufeff'),
  ...entries('accent', 'a', 'âáãā'),
  ...entries('accent', 'A', 'ÀÂÁÃĀ'),
  ...entries('accent', 'c', 'ç'),
  ...entries('accent', 'e', 'êëē'),
  ...entries('accent', 'E', 'ÈÊËĒ'),
  ...entries('accent', 'i', 'îïí'),
  ...entries('accent', 'I', 'ÌÎÏÍ'),
  ...entries('accent', 'o', 'ôóõ'),
  ...entries('accent', 'O', 'ÒÔÓÕ'),
  ...entries('accent', 'u', 'ûú'),
  ...entries('accent', 'U', 'ÙÛÚ'),
  ...entries('accent', 'y', 'ÿý'),
  ...entries('accent', 'Y', 'ŸÝ'),
  ['œ', { to: 'oe', kind: 'accent' }],
  ['Œ', { to: 'OE', kind: 'accent' }],
  ['\u2022', { to: '-', kind: 'symbol' }],
  ['\u00d7', { to: 'x', kind: 'symbol' }],
]);

const ZERO_WIDTH_JOINER = '\u200d';

/**
 * Returns `text` with every replaceable non-GSM character replaced, and the list of replacements
 * in text order. Characters with no GSM look-alike (emoji, other scripts) are left in place: the
 * caller counts the result and decides (refuse, or send in UCS-2 where allowed).
 */
export function replaceNonGsm(text: string): ReplaceResult {
  if (isGsmText(text)) return { text, replacements: [] };
  const out: string[] = [];
  const replacements: Replacement[] = [];
  let i = 0;
  while (i < text.length) {
    const end = unitEnd(text, i);
    const unit = text.slice(i, end);
    const sub = isGsmText(unit) || keepsEmojiSequence(text, i, end) ? undefined : substitute(unit);
    if (sub) {
      out.push(sub.to);
      replacements.push({ index: i, from: unit, to: sub.to, kind: sub.kind, codePoints: codePointsOf(unit) });
    } else {
      out.push(unit);
    }
    i = end;
  }
  return { text: out.join(''), replacements };
}

/** True when a replacement exists for this character (or character plus combining accents). */
export function isReplaceable(unit: string): boolean {
  return !isGsmText(unit) && substitute(unit) !== undefined;
}

/** A unit is one code point plus the combining accents that follow it (text typed in NFD form). */
function unitEnd(text: string, start: number): number {
  let end = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
  while (end < text.length && isCombiningMark(text.charCodeAt(end))) end++;
  return end;
}

function isCombiningMark(code: number): boolean {
  return code >= 0x0300 && code <= 0x036f;
}

/**
 * A zero-width joiner between two non-GSM characters belongs to an emoji sequence (a family, a
 * profession): removing it would change the emoji for no gain, since the emoji stays non-GSM.
 */
function keepsEmojiSequence(text: string, start: number, end: number): boolean {
  if (text.slice(start, end) !== ZERO_WIDTH_JOINER || start === 0 || end >= text.length) return false;
  return !isGsmText(text[start - 1]) && !isGsmText(text[end]);
}

function substitute(unit: string): Substitute | undefined {
  const direct = TABLE.get(unit);
  if (direct) return direct;
  // "e" + U+0301 typed in decomposed form becomes the GSM "é"; "c" + U+0327 becomes "ç", then "c".
  const composed = unit.normalize('NFC');
  if (composed !== unit) {
    if (isGsmText(composed)) return { to: composed, kind: 'accent' };
    const viaTable = TABLE.get(composed);
    if (viaTable) return viaTable;
  }
  const bare = unit.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (bare !== '' && bare !== unit && isGsmText(bare)) return { to: bare, kind: 'accent' };
  return undefined;
}

/** "U+0065 U+0301": the code points of a character, to name invisible ones. */
export function codePointsOf(unit: string): string {
  return Array.from(unit, (ch) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}
