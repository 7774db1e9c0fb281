import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';

/**
 * Phone numbers as buyers type them in PrestaShop addresses ("06.12.34.56.78", "+33 (0)6 ...",
 * "0033 6 ..."), normalised to E.164 with the address country as default.
 *
 * Metadata: the "max" set. It is the only one that tells a landline from junk: with "mobile"
 * metadata a landline is simply invalid, and the default "min" set has no type patterns at all.
 * With max metadata isValid() is exactly getType() !== undefined, so one getType() call both
 * validates and classifies; measured on French numbers, parse + getType runs at about 190k/s
 * (mobile metadata: about 15% faster, min: no types). See docs/sms.md.
 */

export type PhoneRejection =
  | 'empty'
  | 'not_a_number'
  | 'invalid_country'
  | 'too_short'
  | 'too_long'
  | 'invalid_length'
  | 'invalid_number';

/** A number's type once it is valid (libphonenumber's NumberType without its undefined). */
export type PhoneType = NonNullable<NumberType>;

export interface ValidPhone {
  valid: true;
  /** "+33612345678" */
  e164: string;
  /** The provider's format: international without '+', "33612345678". */
  provider: string;
  type: PhoneType;
  /** MOBILE or FIXED_LINE_OR_MOBILE: a number we may text. */
  mobile: boolean;
  /** Country of the number itself (may differ from the default), null for non-geographic ones. */
  country: string | null;
}

export interface InvalidPhone {
  valid: false;
  reason: PhoneRejection;
}

export type PhoneResult = ValidPhone | InvalidPhone;

/** DESIGN: a number counts for SMS when its type is MOBILE or FIXED_LINE_OR_MOBILE. */
export function isTextableType(type: NumberType | undefined): boolean {
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** The provider's number format: E.164 without the '+'. */
export function toProviderFormat(e164: string): string {
  return e164.startsWith('+') ? e164.slice(1) : e164;
}

/**
 * Parses what a buyer typed. `defaultCountry` (ISO alpha-2, any case) applies to national forms
 * only; an unknown or missing one is ignored, so "+32..." still parses and "06..." is rejected as
 * invalid_country. Never throws on bad input: the reason comes back as data.
 */
export function normalizePhone(input: string | null | undefined, defaultCountry?: string | null): PhoneResult {
  const text = (input ?? '').trim();
  if (text === '') return { valid: false, reason: 'empty' };
  const country = supportedCountry(defaultCountry);
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed) return { valid: false, reason: parseFailure(text, country) };
  const type = parsed.getType();
  if (type === undefined) return { valid: false, reason: lengthFailure(parsed.number) };
  return {
    valid: true,
    e164: parsed.number,
    provider: toProviderFormat(parsed.number),
    type,
    mobile: isTextableType(type),
    country: parsed.country ?? null,
  };
}

// Segmentation asks about the same few countries millions of times: remember each answer.
const countryCache = new Map<string, CountryCode | undefined>();

function supportedCountry(code: string | null | undefined): CountryCode | undefined {
  const key = code ?? '';
  if (countryCache.has(key)) return countryCache.get(key);
  const upper = key.trim().toUpperCase();
  const country = upper !== '' && isSupportedCountry(upper) ? (upper as CountryCode) : undefined;
  if (countryCache.size < 1000) countryCache.set(key, country);
  return country;
}

/** Only reached for junk, so the slower throwing parser is fine here: it names the reason. */
function parseFailure(text: string, country: CountryCode | undefined): PhoneRejection {
  try {
    parsePhoneNumberWithError(text, country);
  } catch (err) {
    if (err instanceof ParseError) return fromLibraryReason(err.message);
    throw err;
  }
  return 'invalid_number';
}

function lengthFailure(e164: string): PhoneRejection {
  const reason = validatePhoneNumberLength(e164);
  return reason === undefined ? 'invalid_number' : fromLibraryReason(reason);
}

function fromLibraryReason(reason: string): PhoneRejection {
  switch (reason) {
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    case 'INVALID_COUNTRY':
      return 'invalid_country';
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'INVALID_LENGTH':
      return 'invalid_length';
    default:
      return 'invalid_number';
  }
}

const rejectionText: Record<PhoneRejection, { en: string; fr: string }> = {
  empty: { en: 'No phone number.', fr: 'Aucun numéro de téléphone.' },
  not_a_number: { en: 'This is not a phone number.', fr: "Ce n'est pas un numéro de téléphone." },
  invalid_country: {
    en: 'Unknown country: write the number in international form (+33...).',
    fr: 'Pays inconnu : écrivez le numéro au format international (+33...).',
  },
  too_short: { en: 'The number is too short.', fr: 'Le numéro est trop court.' },
  too_long: { en: 'The number is too long.', fr: 'Le numéro est trop long.' },
  invalid_length: { en: 'The number has a wrong length for its country.', fr: "Le numéro n'a pas la bonne longueur pour son pays." },
  invalid_number: { en: 'This number does not exist in its country.', fr: "Ce numéro n'existe pas dans son pays." },
};

/** A sentence for a rejection reason, for forms and drop-reason tables. */
export function describePhoneRejection(reason: PhoneRejection, lang: 'fr' | 'en'): string {
  return rejectionText[reason][lang];
}
