import type { Knex } from 'knex';
import { z } from 'zod';
import type { ShopDb } from '../db';
import { likeContains } from '../db';
import { CHANNELS } from './channels';
import { NotificationRow, toRow } from './history';

/** The seed's history filters (ID, creation date, mobile, message, sender, return code) plus status, channel and shop. */
export const historyFilterSchema = z.object({
  id: z.coerce.number().int().positive().optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, { message: 'expected YYYY-MM-DD or YYYY-MM-DD hh:mm' }).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, { message: 'expected YYYY-MM-DD or YYYY-MM-DD hh:mm' }).optional(),
  phone: z.string().max(32).optional(),
  message: z.string().max(200).optional(),
  sender: z.string().max(11).optional(),
  code: z.string().max(16).optional(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped']).optional(),
  channel: z.enum(CHANNELS).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
});

export type HistoryFilter = z.infer<typeof historyFilterSchema>;

function applyFilters(q: Knex.QueryBuilder, f: HistoryFilter, shops: number[]): Knex.QueryBuilder {
  if (shops.length > 0) q.whereIn('id_shop', shops);
  if (f.id !== undefined) q.where('id_notification', f.id);
  if (f.from) q.where('created_at', '>=', f.from.length === 10 ? `${f.from} 00:00:00` : f.from);
  if (f.to) q.where('created_at', '<=', f.to.length === 10 ? `${f.to} 23:59:59` : f.to);
  if (f.phone) q.whereRaw("recipient LIKE ? ESCAPE '!'", [likeContains(f.phone.replace(/[\s.]/g, ''))]);
  if (f.message) q.whereRaw("message LIKE ? ESCAPE '!'", [likeContains(f.message)]);
  if (f.sender) q.where('sender', f.sender);
  if (f.code) q.where('provider_code', f.code);
  if (f.status) q.where('status', f.status);
  if (f.channel) q.where('channel', f.channel);
  return q;
}

/** One page of history, newest first, with the total that matches the filters. */
export async function listNotifications(db: ShopDb, filter: HistoryFilter, shops: number[] = []): Promise<{ rows: NotificationRow[]; total: number; page: number; per_page: number }> {
  const table = db.ownTable('notification');
  const [{ n }] = await applyFilters(db.knex(table).count({ n: '*' }), filter, shops);
  const rows = await applyFilters(db.knex(table).select('*'), filter, shops)
    .orderBy('id_notification', 'desc')
    .limit(filter.per_page)
    .offset((filter.page - 1) * filter.per_page);
  return { rows: rows.map(toRow), total: Number(n), page: filter.page, per_page: filter.per_page };
}

/**
 * Every matching row, newest first, in keyset batches (id_notification below the last one seen)
 * so an export of any size runs in constant memory.
 */
export async function* streamNotifications(db: ShopDb, filter: HistoryFilter, shops: number[] = [], batch = 1000): AsyncGenerator<NotificationRow> {
  let below = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await applyFilters(db.knex(db.ownTable('notification')).select('*'), filter, shops)
      .where('id_notification', '<', below)
      .orderBy('id_notification', 'desc')
      .limit(batch);
    for (const r of rows) yield toRow(r);
    if (rows.length < batch) return;
    below = Number(rows[rows.length - 1].id_notification);
  }
}
