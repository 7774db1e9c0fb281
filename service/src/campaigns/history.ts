import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ShopDb } from '../db';
import { likeContains, toSqlDateTime } from '../db';
import { readShopZone } from '../segments';
import { Campaign, money, toCampaign } from './queries';

const day = z.string({ message: 'day' }).refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v, { zone: 'UTC' }).isValid, { message: 'day' });
const amount = z.string({ message: 'amount' }).regex(/^\d{1,8}(\.\d{1,4})?$/, { message: 'amount' });
const quantity = z.coerce.number({ message: 'quantity' }).int({ message: 'quantity' }).min(0, { message: 'quantity' }).max(100_000_000, { message: 'quantity' });

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'partially_sent', 'failed', 'cancelled', 'missed'] as const;
export const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;

const paging = {
  page: z.coerce.number({ message: 'page' }).int({ message: 'page' }).min(1, { message: 'page' }).max(100000, { message: 'page' }).default(1),
  per_page: z.coerce.number({ message: 'per_page' }).int({ message: 'per_page' }).min(1, { message: 'per_page' }).max(500, { message: 'per_page' }).default(500),
};

/**
 * The seed's history columns as filters: ID, date (whole days on the shop's clock), label,
 * state, cost and quantity (recipients) ranges, action; plus paging, 500 per page by default (the
 * seed's "last 500 campaigns").
 */
export const campaignFilterSchema = z
  .object({
    id: z.coerce.number({ message: 'id_filter' }).int({ message: 'id_filter' }).positive({ message: 'id_filter' }).optional(),
    from: day.optional(),
    to: day.optional(),
    name: z.string({ message: 'text' }).max(128, { message: 'label_long' }).optional(),
    status: z.enum(CAMPAIGN_STATUSES, { message: 'one_of' }).optional(),
    action: z.enum(['send', 'export'], { message: 'action' }).optional(),
    cost_min: amount.optional(),
    cost_max: amount.optional(),
    quantity_min: quantity.optional(),
    quantity_max: quantity.optional(),
    ...paging,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'day_order', path: ['to'] })
  .refine((f) => f.cost_min === undefined || f.cost_max === undefined || Number(f.cost_min) <= Number(f.cost_max), { message: 'range_order', path: ['cost_max'] })
  .refine((f) => f.quantity_min === undefined || f.quantity_max === undefined || f.quantity_min <= f.quantity_max, { message: 'range_order', path: ['quantity_max'] });

export type CampaignFilter = z.infer<typeof campaignFilterSchema>;

/** A campaign's recipients: one status (validated), paged. */
export const recipientFilterSchema = z.object({ status: z.enum(RECIPIENT_STATUSES, { message: 'one_of' }).optional(), ...paging });

export type RecipientFilter = z.infer<typeof recipientFilterSchema>;

/** {allowed} of the enum filters' messages. */
export const FILTER_CHOICES = { status: CAMPAIGN_STATUSES } as const;
export const RECIPIENT_CHOICES = { status: RECIPIENT_STATUSES } as const;

/** UTC bounds of shop-local days: [from 00:00, day after `to` 00:00) on the shop's clock. */
function utcBounds(f: CampaignFilter, zone: string): { from?: string; before?: string } {
  const start = (d: string) => toSqlDateTime(DateTime.fromISO(d, { zone }).startOf('day').toJSDate());
  return {
    from: f.from ? start(f.from) : undefined,
    before: f.to ? toSqlDateTime(DateTime.fromISO(f.to, { zone }).plus({ days: 1 }).startOf('day').toJSDate()) : undefined,
  };
}

// The history's cost column: what was spent, or the estimate before. CAST keeps the comparison
// numeric on SQLite, where an expression has no column affinity and a text parameter would not be converted.
const COST = 'COALESCE(cost, estimated_cost)';

function applyFilters(q: Knex.QueryBuilder, f: CampaignFilter, shops: number[], zone: string): Knex.QueryBuilder {
  const days = utcBounds(f, zone);
  if (shops.length > 0) q.whereIn('id_shop', shops);
  if (f.id !== undefined) q.where('id_campaign', f.id);
  if (days.from) q.where('created_at', '>=', days.from);
  if (days.before) q.where('created_at', '<', days.before);
  if (f.name) q.whereRaw("name LIKE ? ESCAPE '!'", [likeContains(f.name)]);
  if (f.status) q.where('status', f.status);
  if (f.action) q.where('action', f.action);
  if (f.cost_min !== undefined) q.whereRaw(`${COST} >= CAST(? AS DECIMAL(12,4))`, [f.cost_min]);
  if (f.cost_max !== undefined) q.whereRaw(`${COST} <= CAST(? AS DECIMAL(12,4))`, [f.cost_max]);
  if (f.quantity_min !== undefined) q.where('recipients', '>=', f.quantity_min);
  if (f.quantity_max !== undefined) q.where('recipients', '<=', f.quantity_max);
  return q;
}

/**
 * The history, newest first, one page at a time (the last 500 campaigns by default). Days are
 * read on the clock of the token's first shop (shop 1 for an all-shops token).
 */
export async function listCampaigns(db: ShopDb, filter: CampaignFilter, shops: number[] = []): Promise<{ rows: Campaign[]; total: number; page: number; per_page: number }> {
  const table = db.ownTable('campaign');
  const zone = await readShopZone(db, shops.length > 0 ? shops : [1]);
  const [{ n }] = await applyFilters(db.knex(table).count({ n: '*' }), filter, shops, zone);
  const rows = await applyFilters(db.knex(table).select('*'), filter, shops, zone)
    .orderBy('id_campaign', 'desc')
    .limit(filter.per_page)
    .offset((filter.page - 1) * filter.per_page);
  return { rows: rows.map(toCampaign), total: Number(n), page: filter.page, per_page: filter.per_page };
}

export interface RecipientRow {
  id_recipient: number;
  id_customer: number;
  phone: string;
  country: string | null;
  firstname: string | null;
  lastname: string | null;
  status: string;
  parts: number | null;
  cost: string | null;
  provider_code: string | null;
  provider_message: string | null;
  sent_at: string | null;
}

const RECIPIENT_COLUMNS = ['id_recipient', 'id_customer', 'phone', 'country', 'firstname', 'lastname', 'status', 'parts', 'cost', 'provider_code', 'provider_message', 'sent_at'];

function toRecipient(r: Record<string, unknown>): RecipientRow {
  return {
    id_recipient: Number(r.id_recipient),
    id_customer: Number(r.id_customer),
    phone: String(r.phone),
    country: (r.country as string | null) ?? null,
    firstname: (r.firstname as string | null) ?? null,
    lastname: (r.lastname as string | null) ?? null,
    status: String(r.status),
    parts: r.parts === null ? null : Number(r.parts),
    cost: money(r.cost),
    provider_code: (r.provider_code as string | null) ?? null,
    provider_message: (r.provider_message as string | null) ?? null,
    sent_at: (r.sent_at as string | null) ?? null,
  };
}

/** A campaign's recipients in snapshot order, one page at a time, optionally of one status. */
export async function listRecipients(db: ShopDb, id: number, opts: RecipientFilter): Promise<{ rows: RecipientRow[]; total: number; page: number; per_page: number }> {
  const base = () => {
    const q = db.knex(db.ownTable('campaign_recipient')).where({ id_campaign: id });
    if (opts.status) q.andWhere('status', opts.status);
    return q;
  };
  const [{ n }] = await base().count({ n: '*' });
  const rows = await base().select(RECIPIENT_COLUMNS).orderBy('id_recipient').limit(opts.per_page).offset((opts.page - 1) * opts.per_page);
  return { rows: rows.map(toRecipient), total: Number(n), page: opts.page, per_page: opts.per_page };
}

/** Every recipient of a campaign (of one status, when given) in keyset batches: exports of any size in constant memory. */
export async function* streamRecipientRows(db: ShopDb, id: number, opts: { status?: string } = {}, batch = 1000): AsyncGenerator<RecipientRow> {
  let after = 0;
  for (;;) {
    const q = db.knex(db.ownTable('campaign_recipient')).select(RECIPIENT_COLUMNS).where({ id_campaign: id }).andWhere('id_recipient', '>', after);
    if (opts.status) q.andWhere('status', opts.status);
    const rows = await q.orderBy('id_recipient').limit(batch);
    for (const r of rows) yield toRecipient(r);
    if (rows.length < batch) return;
    after = Number(rows[rows.length - 1].id_recipient);
  }
}
