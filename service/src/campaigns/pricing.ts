import { z } from 'zod';
import { ShopcastError } from '../errors';
import { say } from './messages';

/**
 * Price per SMS part, by destination country, in euros (setting `sms_prices`, JSON such as
 * {"FR": "0.045", "default": "0.06"}). Money is kept in integer ten-thousandths of a euro (the
 * scale of our DECIMAL(12,4) columns), never in binary floats.
 */
export type Prices = Map<string, bigint>;

export const DEFAULT_PRICES: Record<string, string> = { FR: '0.0450', default: '0.0600' };

const priceText = z.string().regex(/^\d{1,4}(\.\d{1,4})?$/, { message: 'expected a price in euros such as 0.045 (at most 4 decimals)' });

export const pricesSchema = z
  .record(z.string().regex(/^([A-Z]{2}|default)$/, { message: 'expected a country code such as FR, or "default"' }), z.union([priceText, z.number().nonnegative().transform(String).pipe(priceText)]))
  .refine((p) => 'default' in p, { message: 'a "default" price is required' });

export function toUnits(euros: string): bigint {
  const [whole, fraction = ''] = euros.split('.');
  return BigInt(whole) * 10000n + BigInt((fraction + '0000').slice(0, 4));
}

export function formatUnits(units: bigint): string {
  const whole = units / 10000n;
  const fraction = (units % 10000n).toString().padStart(4, '0');
  return `${whole}.${fraction}`;
}

/** Reads the setting (or the defaults); a malformed stored value is a configuration error, never a silent zero. */
export function parsePrices(stored: string | null): Prices {
  const raw = stored === null ? DEFAULT_PRICES : safeJson(stored);
  const parsed = pricesSchema.safeParse(raw);
  if (!parsed.success) throw new ShopcastError('invalid_config', say('invalid_setting', { setting: 'sms_prices', details: parsed.error.issues[0].message }), { setting: 'sms_prices' });
  return new Map(Object.entries(parsed.data).map(([country, price]) => [country, toUnits(price)]));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function pricePerPart(prices: Prices, country: string | null): bigint {
  return prices.get((country ?? '').toUpperCase()) ?? prices.get('default')!;
}

/** Cost of `parts` parts to `country`, in units. */
export function costOf(prices: Prices, country: string | null, parts: number): bigint {
  return pricePerPart(prices, country) * BigInt(parts);
}
