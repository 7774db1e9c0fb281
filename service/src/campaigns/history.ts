import type { Knex } from 'knex';
import { z } from 'zod';
import type { ShopDb } from '../db';
import { likeContains } from '../db';
import { Campaign, money, toCampaign } from './queries';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected YYYY-MM-DD' });

/** The seed's history columns as filters: ID, date, label, state, action; plus paging. */
export const campaignFilterSchema = z.object({
  id: z.coerce.number().int().positive().optional(),
  from: day.optional(),
  to: day.optional(),
  name: z.string().max(128).optional(),
  status: z.enum(['draft', 'scheduled', 'sending', 'paused', 'sent', 'partially_sent', 'failed', 'cancelled', 'missed']).optional(),
  action: z.enum(['send', 'export']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
});

export type CampaignFilter = z.infer<typeof campaignFilterSchema>;

function applyFilters(q: Knex.QueryBuilder, f: CampaignFilter, shops: number[]): Knex.QueryBuilder {
  if (shops.length > 0) q.whereIn('id_shop', shops);
  if (f.id !== undefined) q.where('id_campaign', f.id);
  if (f.from) q.where('created_at', '>=', `${f.from} 00:00:00`);
  if (f.to) q.where('created_at', '<=', `${f.to} 23:59:59`);
  if (f.name) q.whereRaw("name LIKE ? ESCAPE '!'", [likeContains(f.name)]);
  if (f.status) q.where('status', f.status);
  if (f.action) q.where('action', f.action);
  return q;
}

/** The last 500 campaigns by default (seed section 7), newest first, one page at a time. */
export async function listCampaigns(db: ShopDb, filter: CampaignFilter, shops: number[] = []): Promise<{ rows: Campaign[]; total: number; page: number; per_page: number }> {
  const table = db.ownTable('campaign');
  const [{ n }] = await applyFilters(db.knex(table).count({ n: '*' }), filter, shops);
  const rows = await applyFilters(db.knex(table).select('*'), filter, shops)
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

export async function listRecipients(db: ShopDb, id: number, opts: { status?: string; page: number; per_page: number }): Promise<{ rows: RecipientRow[]; total: number }> {
  const base = () => {
    const q = db.knex(db.ownTable('campaign_recipient')).where({ id_campaign: id });
    if (opts.status) q.andWhere('status', opts.status);
    return q;
  };
  const [{ n }] = await base().count({ n: '*' });
  const rows = await base().select(RECIPIENT_COLUMNS).orderBy('id_recipient').limit(opts.per_page).offset((opts.page - 1) * opts.per_page);
  return { rows: rows.map(toRecipient), total: Number(n) };
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
