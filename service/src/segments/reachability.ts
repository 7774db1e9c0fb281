import type { PhoneResult } from '../sms';

/**
 * The number an address gives for SMS (DESIGN "Number choice"), pure. phone_mobile first, then
 * phone; a field counts only if it parses, with the address country as default, to a MOBILE or
 * FIXED_LINE_OR_MOBILE number. The result is stored once per address in our address-phone cache
 * together with its pick key, which lets SQL choose a customer's number with one MAX() (decoded
 * by customerChoice into the customer-phone table).
 */
export type ParsePhone = (input: string | null | undefined, defaultCountry?: string | null) => PhoneResult;

export type AddressDropReason = 'empty' | 'invalid' | 'landline';

export interface AddressFields {
  id_address: number;
  /** 'YYYY-MM-DD hh:mm:ss' */
  date_add: string;
  country: string;
  phone: string | null;
  phone_mobile: string | null;
}

export interface AddressNumber {
  phone: string | null;
  phone_type: string | null;
  source_field: 'phone_mobile' | 'phone' | null;
  drop_reason: AddressDropReason | null;
  pick_key: string;
}

/**
 * Pick key layout (1-based positions): kind at 1; for kind '9' the address date_add at 2-20,
 * id_address on 10 digits at 21-30, the country '_'-padded at 31-33, the E.164 number from 34.
 * Kinds order the choice: '9' a mobile number beats any reason; among reasons landline ('3') beats
 * invalid ('2') beats empty ('1'), so a customer's MAX() names the most telling drop reason.
 */
const PICK = { numbered: '9', landline: '3', invalid: '2', empty: '1', countryAt: 31, phoneAt: 34 } as const;
const reasonKind: Record<AddressDropReason, string> = { landline: PICK.landline, invalid: PICK.invalid, empty: PICK.empty };

function padCountry(iso: string): string {
  return iso.slice(0, 3).padEnd(3, '_');
}

function numberedKey(address: AddressFields, e164: string): string {
  return `${PICK.numbered}${address.date_add.slice(0, 19)}${String(address.id_address).padStart(10, '0')}${padCountry(address.country)}${e164}`;
}

export function chooseAddressNumber(address: AddressFields, parse: ParsePhone): AddressNumber {
  let sawLandline = false;
  let sawText = false;
  for (const field of ['phone_mobile', 'phone'] as const) {
    const raw = (address[field] ?? '').trim();
    if (raw === '') continue;
    sawText = true;
    const parsed = parse(raw, address.country || null);
    if (!parsed.valid) continue;
    if (parsed.mobile) {
      return { phone: parsed.e164, phone_type: parsed.type ?? null, source_field: field, drop_reason: null, pick_key: numberedKey(address, parsed.e164) };
    }
    sawLandline = true;
  }
  const reason: AddressDropReason = sawLandline ? 'landline' : sawText ? 'invalid' : 'empty';
  return { phone: null, phone_type: null, source_field: null, drop_reason: reason, pick_key: reasonKind[reason] };
}

export type CustomerDropReason = 'no_number' | 'invalid' | 'landline';

/** A customer's chosen number, decoded from MAX(pick_key) over their live addresses. */
export interface CustomerChoice {
  phone: string | null;
  country: string | null;
  id_address: number | null;
  drop_reason: CustomerDropReason | null;
}

export function customerChoice(pick: string | null): CustomerChoice {
  if (pick && pick[0] === PICK.numbered) {
    return {
      phone: pick.slice(PICK.phoneAt - 1),
      country: pick.slice(PICK.countryAt - 1, PICK.phoneAt - 1).replace(/_+$/, '') || null,
      id_address: Number(pick.slice(20, 30)),
      drop_reason: null,
    };
  }
  const drop_reason = pick === PICK.landline ? 'landline' : pick === PICK.invalid ? 'invalid' : 'no_number';
  return { phone: null, country: null, id_address: null, drop_reason };
}
