import type { Rng } from './random';
import type { CountryIso } from './reference-data';

/**
 * Phone numbers as buyers type them into PrestaShop's free-text address fields: national or
 * international, with spaces, dots or dashes, 00 instead of +, the trunk 0 dropped or kept in
 * brackets, landlines, junk, empty and whitespace-only values, and mobiles typed into `phone`.
 * Numbers are built from each country's real mobile and landline ranges, so libphonenumber-js
 * classifies them as a real shop's would.
 */
export interface PhoneNumber {
  country: CountryIso;
  /** National significant number: no trunk prefix, no country code. */
  nsn: string;
}

const CALLING_CODE: Record<CountryIso, string> = { FR: '33', BE: '32', CH: '41', LU: '352' };
const TRUNK: Record<CountryIso, string> = { FR: '0', BE: '0', CH: '0', LU: '' };
const FR_MOBILE = ['60', '61', '62', '64', '65', '66', '67', '68'];

export function mobileNumber(rng: Rng, country: CountryIso): PhoneNumber {
  switch (country) {
    case 'FR':
      // Metropolitan ranges only: 0639 and 069x belong to overseas departments (other regions).
      return { country, nsn: rng.chance(0.8) ? `${rng.pick(FR_MOBILE)}${rng.digits(7)}` : `7${rng.int(3, 9)}${rng.digits(7)}` };
    case 'BE':
      return { country, nsn: `4${rng.pick(['7', '8', '9'])}${rng.int(5, 9)}${rng.digits(6)}` };
    case 'CH':
      return { country, nsn: `7${rng.pick(['5', '6', '7', '8', '9'])}${rng.digits(7)}` };
    case 'LU':
      return { country, nsn: `${rng.pick(['621', '628', '661', '671', '691'])}${rng.digits(6)}` };
  }
}

export function landlineNumber(rng: Rng, country: CountryIso): PhoneNumber {
  switch (country) {
    case 'FR':
      return { country, nsn: `${rng.int(1, 5)}${rng.int(1, 5)}${rng.digits(7)}` };
    case 'BE':
      return { country, nsn: `${rng.pick(['2', '3'])}${rng.int(2, 7)}${rng.digits(6)}` };
    case 'CH':
      return { country, nsn: `${rng.pick(['21', '22', '26', '31', '44', '61', '91'])}${rng.int(2, 9)}${rng.digits(6)}` };
    case 'LU':
      return { country, nsn: `2${rng.int(2, 9)}${rng.digits(6)}` };
  }
}

/** Digit groups as each country writes its numbers nationally ("06 12 34 56 78", "0470 12 34 56"). */
function groups(n: PhoneNumber): string[] {
  const national = TRUNK[n.country] + n.nsn;
  switch (n.country) {
    case 'FR':
      return national.match(/../g)!;
    case 'BE':
      return national.length === 10
        ? [national.slice(0, 4), national.slice(4, 6), national.slice(6, 8), national.slice(8)]
        : [national.slice(0, 2), national.slice(2, 5), national.slice(5, 7), national.slice(7)];
    case 'CH':
      return [national.slice(0, 3), national.slice(3, 6), national.slice(6, 8), national.slice(8)];
    case 'LU':
      return national.length === 9 ? national.match(/.../g)! : national.match(/../g)!;
  }
}

type Style = 'spaced' | 'compact' | 'dots' | 'dashes' | 'plus' | 'plus_spaced' | 'double_zero' | 'bracket_trunk' | 'no_trunk';

const STYLES: ReadonlyArray<readonly [Style, number]> = [
  ['spaced', 34],
  ['compact', 26],
  ['dots', 8],
  ['dashes', 3],
  ['plus', 10],
  ['plus_spaced', 8],
  ['double_zero', 5],
  ['bracket_trunk', 2],
  ['no_trunk', 4],
];

/** One way a buyer might type this number. */
export function typeNumber(rng: Rng, n: PhoneNumber): string {
  const cc = CALLING_CODE[n.country];
  const national = groups(n);
  switch (rng.weighted(STYLES)) {
    case 'spaced':
      return national.join(' ');
    case 'compact':
      return national.join('');
    case 'dots':
      return national.join('.');
    case 'dashes':
      return national.join('-');
    case 'plus':
      return `+${cc}${n.nsn}`;
    case 'plus_spaced':
      return `+${cc} ${n.nsn.slice(0, 1)} ${n.nsn.slice(1).match(/.{1,2}/g)!.join(' ')}`;
    case 'double_zero':
      return `00${cc} ${n.nsn}`;
    case 'bracket_trunk':
      return TRUNK[n.country] ? `+${cc} (0)${n.nsn}` : `+${cc} ${n.nsn}`;
    case 'no_trunk':
      return n.country === 'FR' ? n.nsn.match(/^.|../g)!.join('.') : national.join(' ');
  }
}

const JUNK = ['0000000000', '0', 'n/a', 'aucun', 'pas de portable', '123456', '06 12', '-', '.', 'xxxxxxxxxx', '1111111111', 'tel'];

export function junkPhone(rng: Rng): string {
  return rng.pick(JUNK);
}

/** An empty field, as PrestaShop stores it: NULL, '' or whitespace the buyer left behind. */
export function blankPhone(rng: Rng): string | null {
  return rng.weighted<string | null>([[null, 45], ['', 50], [rng.pick([' ', '  ', '   ', '\t']), 5]]);
}

type Scenario = 'mobile' | 'both' | 'mobile_in_phone' | 'landline' | 'blank' | 'junk' | 'junk_then_mobile' | 'landline_in_mobile';

const SCENARIOS: ReadonlyArray<readonly [Scenario, number]> = [
  ['mobile', 46],
  ['both', 14],
  ['mobile_in_phone', 14],
  ['landline', 9],
  ['blank', 7],
  ['junk', 5],
  ['junk_then_mobile', 3],
  ['landline_in_mobile', 2],
];

/**
 * The two phone fields of one address. `mobile` is the buyer's number (possibly shared with
 * another customer); whether and where it appears depends on what the buyer typed.
 */
export function addressPhones(rng: Rng, mobile: PhoneNumber): { phone: string | null; phone_mobile: string | null } {
  const landline = () => typeNumber(rng, landlineNumber(rng, mobile.country));
  switch (rng.weighted(SCENARIOS)) {
    case 'mobile':
      return { phone: blankPhone(rng), phone_mobile: typeNumber(rng, mobile) };
    case 'both':
      return { phone: landline(), phone_mobile: typeNumber(rng, mobile) };
    case 'mobile_in_phone':
      return { phone: typeNumber(rng, mobile), phone_mobile: blankPhone(rng) };
    case 'landline':
      return { phone: landline(), phone_mobile: blankPhone(rng) };
    case 'blank':
      return { phone: blankPhone(rng), phone_mobile: blankPhone(rng) };
    case 'junk':
      return { phone: rng.chance(0.5) ? junkPhone(rng) : blankPhone(rng), phone_mobile: junkPhone(rng) };
    case 'junk_then_mobile':
      return { phone: typeNumber(rng, mobile), phone_mobile: junkPhone(rng) };
    case 'landline_in_mobile':
      return { phone: blankPhone(rng), phone_mobile: landline() };
  }
}
