import { ShopcastError } from '../errors';
import { normalizePhone, toProviderFormat } from '../sms';
import type { SendOptions } from './types';

/**
 * Phone number, tracker and option checks shared by the adapters. Our tables keep E.164; iSendPro wants
 * international digits without "+" and answers in either its national or international form, so
 * both directions go through the sms capability's normaliser with France as the default country.
 */

/** '+33612345678' -> '33612345678'; anything without a leading '+' is passed as given. */
export function toProviderNumber(phone: string): string {
  return toProviderFormat(phone.replace(/\s+/g, ''));
}

/** '0612345678' or '33612345678' -> '+33612345678'; null when it does not parse. */
export function fromProviderNumber(value: string): string | null {
  const text = value.trim();
  if (!text) return null;
  // Bare international digits ('32470123456') only parse with a '+'; national ones start with 0.
  const candidates = /^[+0]/.test(text) ? [text] : [`+${text}`, text];
  for (const candidate of candidates) {
    const parsed = normalizePhone(candidate, 'FR');
    if (parsed.valid) return parsed.e164;
  }
  return null;
}

/**
 * The key a provider's echo of a number is matched on, in international digits. iSendPro echoes
 * French numbers nationally ('0612345678') or internationally; a digit rule is enough for that and
 * keeps the full parser (about 5 us a number) off the per-message path of a 500-message batch.
 */
export function numberKey(value: string): string {
  const digits = value.replace(/\D/g, '').replace(/^00/, '');
  return /^0\d{9}$/.test(digits) ? `33${digits.slice(1)}` : digits;
}

/** Width of the provider_code columns (sql/004_providers.sql): every code an adapter returns fits. */
export const PROVIDER_CODE_MAX = 64;

/**
 * A provider or transport code cut to what history rows hold. Transport codes are Node's
 * (SELF_SIGNED_CERT_IN_CHAIN, ERR_SSL_...) and a vendor may answer anything: a code too long for
 * its column would fail the history update under MySQL strict mode and lose the row's outcome.
 */
export function boundCode(code: string | null): string | null {
  return code === null ? null : code.slice(0, PROVIDER_CODE_MAX);
}

const trackerPattern = /^[A-Za-z0-9]{1,49}$/;

/** Trackers come from our own ids; a bad one is a programming error caught before any call. */
export function assertTrackers(messages: Array<{ tracker: string }>): void {
  const bad = messages.find((m) => !trackerPattern.test(m.tracker));
  if (bad) {
    throw new ShopcastError('invalid_input', 'a tracker must be 1 to 49 letters or digits', { tracker: bad.tracker });
  }
}

/** The law wants a STOP mention on marketing messages: refuse to drop it there. */
export function assertSendOptions(options: SendOptions): void {
  if (options.nostop && options.marketing) {
    throw new ShopcastError('invalid_input', 'a marketing message must keep the STOP mention', { option: 'nostop' });
  }
}
