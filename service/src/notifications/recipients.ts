import type { AddressView } from '../shop/read-model';
import { normalizePhone } from '../sms';

/** Where a message goes, or why it cannot go anywhere. */
export type RecipientChoice =
  | { phone: string; country: string | null }
  | { phone: null; reason: 'no_admin_phone' | 'no_mobile' };

/**
 * The customer's mobile for a [Client] message: the order's delivery address first, then its
 * invoice address, then the customer's other live addresses (newest first); in each, phone_mobile
 * then phone, counted only when it parses as a mobile with the address country as default.
 */
export function chooseClientPhone(ordered: Array<AddressView | null>, others: AddressView[]): RecipientChoice {
  const seen = new Set<number>();
  for (const address of [...ordered, ...others]) {
    if (!address || seen.has(address.id_address)) continue;
    seen.add(address.id_address);
    for (const raw of [address.phone_mobile, address.phone]) {
      const parsed = normalizePhone(raw, address.country_iso);
      if (parsed.valid && parsed.mobile) return { phone: parsed.e164, country: parsed.country };
    }
  }
  return { phone: null, reason: 'no_mobile' };
}

/** The admin mobile of the settings, normalised (French national form accepted). */
export function chooseAdminPhone(setting: string | null): RecipientChoice {
  const parsed = normalizePhone(setting, 'FR');
  if (parsed.valid && parsed.mobile) return { phone: parsed.e164, country: parsed.country };
  return { phone: null, reason: 'no_admin_phone' };
}
