import { ShopcastError } from '../errors';
import { countSms, SMS_LIMITS, type SmsCount } from './encoding';
import { codePointsOf, replaceNonGsm, type Replacement } from './replace';

/**
 * The provider's and the law's rules on top of the raw count: the STOP mention the provider
 * appends to commercial messages, the 6-part ceiling, and no UCS-2 towards metropolitan France.
 */

/** iSendPro sends at most 6 concatenated parts: 918 GSM characters or 402 UCS-2 units. */
export const MAX_PARTS = 6;
/** "STOP XXXXX" and its separator, appended by the provider to commercial messages. */
export const STOP_MENTION_LENGTH = 12;

export interface SendOptions {
  /** A commercial (marketing) message: the STOP mention is appended by the provider. */
  marketing?: boolean;
  /** Sent under the shop's own sender name (the default); the STOP mention only applies then. */
  customSender?: boolean;
  /** Destination country (ISO alpha-2). Missing means FR, the strictest case. */
  country?: string | null;
  /** Replace non-GSM characters by look-alikes before counting (the replacements are returned). */
  replace?: boolean;
}

export interface UnsendableChar {
  char: string;
  index: number;
  codePoints: string;
  /** True when replaceNonGsm has a look-alike for it (so "Replace" would fix it). */
  replaceable: boolean;
}

export type MessageProblem =
  | { code: 'too_long'; message: string; params: { parts: number; maxParts: number; length: number; maxLength: number } }
  | { code: 'ucs2_not_allowed'; message: string; params: { country: string; chars: UnsendableChar[] } };

export interface MessageCheck {
  /** The text as it would be sent (after replacements), without the STOP mention. */
  text: string;
  count: SmsCount;
  stopCounted: boolean;
  replacements: Replacement[];
  problems: MessageProblem[];
}

/** Metropolitan France refuses UCS-2 (iSendPro `ucs2` is for destinations outside it). */
export function ucs2Allowed(country: string | null | undefined): boolean {
  return (country ?? 'FR').toUpperCase() !== 'FR';
}

/** The STOP mention is counted for marketing messages under a custom sender. */
export function stopMentionApplies(options: SendOptions): boolean {
  return options.marketing === true && options.customSender !== false;
}

/**
 * Counts `text` as the provider will send it and lists what would make it unsendable. Pure: it
 * never throws for a bad message; use assertSendable where a refusal must stop the action.
 */
export function checkMessage(text: string, options: SendOptions = {}): MessageCheck {
  const replaced = options.replace ? replaceNonGsm(text) : { text, replacements: [] };
  const stopCounted = stopMentionApplies(options);
  const count = countSms(replaced.text, stopCounted ? STOP_MENTION_LENGTH : 0);
  const problems: MessageProblem[] = [];
  if (count.parts > MAX_PARTS) problems.push(tooLong(count));
  const country = (options.country ?? 'FR').toUpperCase();
  if (count.encoding === 'UCS2' && !ucs2Allowed(country)) problems.push(ucs2Refused(replaced.text, count, country));
  return { text: replaced.text, count, stopCounted, replacements: replaced.replacements, problems };
}

/** Like checkMessage, but throws invalid_input naming every problem when the message cannot go. */
export function assertSendable(text: string, options: SendOptions = {}): MessageCheck {
  const check = checkMessage(text, options);
  if (check.problems.length === 0) return check;
  throw new ShopcastError(
    'invalid_input',
    `the message cannot be sent: ${check.problems.map((p) => p.message).join(' ')}`,
    { problems: check.problems, count: check.count },
    check.problems.map((p) => ({ path: 'text', message: p.message })),
  );
}

function tooLong(count: SmsCount): MessageProblem {
  const maxLength = MAX_PARTS * SMS_LIMITS[count.encoding].multi;
  const unit = count.encoding === 'GSM' ? 'GSM characters' : 'UCS-2 characters';
  const stop = count.reserved > 0 ? ', STOP mention included' : '';
  return {
    code: 'too_long',
    message: `The message needs ${count.parts} SMS; at most ${MAX_PARTS} are sent (${maxLength} ${unit}${stop}). Shorten it.`,
    params: { parts: count.parts, maxParts: MAX_PARTS, length: count.length, maxLength },
  };
}

function ucs2Refused(text: string, count: SmsCount, country: string): MessageProblem {
  const fixable = replaceableRanges(text);
  const chars = count.nonGsm.map(({ char, index }) => ({
    char,
    index,
    codePoints: codePointsOf(char),
    replaceable: fixable.some(([from, to]) => index >= from && index < to),
  }));
  const list = chars.map((c) => `${JSON.stringify(c.char)} (${c.codePoints}) at ${c.index}`).join(', ');
  const hint = chars.every((c) => c.replaceable) ? 'Replace them' : 'Replace or remove them';
  return {
    code: 'ucs2_not_allowed',
    message: `Characters outside the GSM alphabet cannot be sent to ${country}: ${list}. ${hint}.`,
    params: { country, chars },
  };
}

/** The [start, end) spans replaceNonGsm would change, so each refused character can say if it is fixable. */
function replaceableRanges(text: string): Array<[number, number]> {
  return replaceNonGsm(text).replacements.map((r) => [r.index, r.index + r.from.length]);
}
