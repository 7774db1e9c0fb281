import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { Localized, localizedIssue, ShopcastError } from '../errors';
import { readShopConfiguration } from '../shop/read-model';
import { normalizePhone } from '../sms';
import { CHANNELS } from './channels';

/** The newest rows the listing and the export cover unless `latest` says otherwise (seed: "the last 500"). */
export const DEFAULT_LATEST = 500;

const DAY_OR_TIME = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const when = z
  .string()
  .regex(DAY_OR_TIME, { message: 'expected YYYY-MM-DD or YYYY-MM-DD hh:mm' })
  .refine((v) => DateTime.fromSQL(v.length === 10 ? `${v} 00:00:00` : v, { zone: 'UTC' }).isValid, { message: 'not a real date or time' });

/** The seed's filters (ID, creation date, mobile, message, sender, return code, detail) plus status and channel. */
export const historyFilterSchema = z.object({
  id: z.coerce.number().int().positive().optional(),
  /** days and times on the shop's clock (PS_TIMEZONE), both ends included */
  from: when.optional(),
  to: when.optional(),
  /** as typed: "06 12 34 56 78", "+33 6 12...", or a few digits */
  phone: z.string().max(32).optional(),
  message: z.string().max(200).optional(),
  sender: z.string().max(11).optional(),
  code: z.string().max(16).optional(),
  /** words of the provider's answer or of the skip reason (provider_message) */
  detail: z.string().max(200).optional(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped']).optional(),
  channel: z.enum(CHANNELS).optional(),
  /** how many of the newest matching rows the listing and export cover; 0 = all of them */
  latest: z.coerce.number().int().min(0).max(10_000_000).default(DEFAULT_LATEST),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
});

export type HistoryFilter = z.infer<typeof historyFilterSchema>;

/** A filter with its dates turned into UTC bounds and its phone into what the column holds. */
export interface ResolvedFilter extends Omit<HistoryFilter, 'from' | 'to' | 'phone'> {
  /** UTC 'YYYY-MM-DD hh:mm:ss', included */
  fromUtc?: string;
  /** UTC, excluded */
  beforeUtc?: string;
  /** the E.164 number when what was typed is a whole valid number */
  phoneE164?: string;
  /** digits to look for anywhere in the recipient (partial input, or a number of another country) */
  phoneDigits?: string;
}

/**
 * Reads the filter the way the merchant meant it. Dates are the shop's wall clock (PS_TIMEZONE of
 * the token's only shop, else the global one; Europe/Paris when unset), while our created_at is
 * UTC. A phone is normalised with the SMS core, the shop's default country for national forms.
 */
export async function resolveFilter(db: ShopDb, filter: HistoryFilter, shops: number[]): Promise<ResolvedFilter> {
  const { from, to, phone, ...rest } = filter;
  const idShop = shops.length === 1 ? shops[0] : null;
  const resolved: ResolvedFilter = { ...rest };
  if (from || to) {
    const zone = await shopZone(db, idShop);
    if (from) resolved.fromUtc = wallToUtc(from, zone, 'start');
    if (to) resolved.beforeUtc = wallToUtc(to, zone, 'after');
  }
  if (phone && phone.trim() !== '') Object.assign(resolved, await phoneMatch(db, phone, idShop));
  return resolved;
}

/** The start of the day or minute typed, or the start of the next one ('after'), as a UTC column value. */
export function wallToUtc(value: string, zone: string, edge: 'start' | 'after'): string {
  const [, day, hh, mm, ss] = DAY_OR_TIME.exec(value)!;
  const unit = ss !== undefined ? 'second' : hh !== undefined ? 'minute' : 'day';
  const wall = DateTime.fromISO(`${day}T${hh ?? '00'}:${mm ?? '00'}:${ss ?? '00'}`, { zone });
  const moved = edge === 'after' ? wall.plus({ [unit]: 1 }) : wall;
  return toSqlDateTime(moved.toJSDate());
}

async function shopZone(db: ShopDb, idShop: number | null): Promise<string> {
  const zone = (await readShopConfiguration(db, 'PS_TIMEZONE', idShop))?.trim();
  return zone && DateTime.now().setZone(zone).isValid ? zone : 'Europe/Paris';
}

/**
 * A whole valid number matches its E.164 form exactly; anything else (or a whole number that may
 * be another country's national form: "0470 12 34 56" is French as typed, Belgian as stored)
 * also matches by its digits, the national 0 or international 00 dropped.
 */
async function phoneMatch(db: ShopDb, typed: string, idShop: number | null): Promise<Pick<ResolvedFilter, 'phoneE164' | 'phoneDigits'>> {
  const parsed = normalizePhone(typed, await defaultCountry(db, idShop));
  const digits = typed.replace(/\D/g, '').replace(/^00?/, '');
  return { ...(parsed.valid ? { phoneE164: parsed.e164 } : {}), ...(digits !== '' ? { phoneDigits: digits } : {}) };
}

async function defaultCountry(db: ShopDb, idShop: number | null): Promise<string> {
  const id = Number(await readShopConfiguration(db, 'PS_COUNTRY_DEFAULT', idShop));
  if (!Number.isInteger(id) || id <= 0) return 'FR';
  const row = await db.knex(db.shopTable('country')).first('iso_code').where({ id_country: id });
  return row?.iso_code ? String(row.iso_code) : 'FR';
}

const FILTER_WORDS: Record<string, Localized> = {
  from: { en: 'a date YYYY-MM-DD, or YYYY-MM-DD hh:mm, that exists', fr: 'une date AAAA-MM-JJ, ou AAAA-MM-JJ hh:mm, qui existe' },
  to: { en: 'a date YYYY-MM-DD, or YYYY-MM-DD hh:mm, that exists', fr: 'une date AAAA-MM-JJ, ou AAAA-MM-JJ hh:mm, qui existe' },
  status: { en: 'one of pending, sending, sent, failed, unknown, skipped', fr: 'pending, sending, sent, failed, unknown ou skipped' },
  channel: { en: 'sms or telegram', fr: 'sms ou telegram' },
  id: { en: 'a positive number', fr: 'un nombre positif' },
  page: { en: 'a page number from 1', fr: 'un numéro de page à partir de 1' },
  per_page: { en: 'from 1 to 500 rows a page', fr: 'de 1 à 500 lignes par page' },
  latest: { en: 'a number of rows, 0 for all', fr: 'un nombre de lignes, 0 pour toutes' },
};

/** Parses the query string, or throws invalid_input with one FR/EN issue per bad filter. */
export function parseHistoryFilter(query: unknown): HistoryFilter {
  const parsed = historyFilterSchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => {
    const path = String(i.path[0] ?? 'filter');
    const expected = FILTER_WORDS[path] ?? { en: 'a shorter text', fr: 'un texte plus court' };
    return localizedIssue(path, { en: `${path}: expected ${expected.en}`, fr: `${path} : attendu ${expected.fr}` });
  });
  throw new ShopcastError(
    'invalid_input',
    { en: `invalid history filter: ${issues.map((i) => i.messages!.en).join('; ')}`, fr: `filtre d'historique invalide : ${issues.map((i) => i.messages!.fr).join(' ; ')}` },
    {},
    issues,
  );
}
