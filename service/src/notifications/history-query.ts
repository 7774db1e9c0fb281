import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { likeContains } from '../db';
import { NotificationRow, toRow } from './history';
import { HistoryFilter, ResolvedFilter, resolveFilter } from './history-filter';

/** A history row as the pages and exports show it: a Telegram row names its chat. */
export interface HistoryRow extends NotificationRow {
  /** the linked chat's title (a person's name, a group's title) for Telegram rows; null otherwise */
  chat_title: string | null;
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** rows the listing covers: the newest `latest` of those matching (all of them when latest is 0) */
  total: number;
  /** every row matching the filters, beyond the bound too */
  matched: number;
  latest: number;
  page: number;
  per_page: number;
}

function applyFilters(q: Knex.QueryBuilder, f: ResolvedFilter, shops: number[]): Knex.QueryBuilder {
  if (shops.length > 0) q.whereIn('id_shop', shops);
  if (f.id !== undefined) q.where('id_notification', f.id);
  if (f.fromUtc) q.where('created_at', '>=', f.fromUtc);
  if (f.beforeUtc) q.where('created_at', '<', f.beforeUtc);
  if (f.phoneE164 || f.phoneDigits) {
    q.where((w) => {
      if (f.phoneE164) w.orWhere('recipient', f.phoneE164);
      if (f.phoneDigits) w.orWhereRaw("recipient LIKE ? ESCAPE '!'", [likeContains(f.phoneDigits)]);
    });
  }
  if (f.message) q.whereRaw("message LIKE ? ESCAPE '!'", [likeContains(f.message)]);
  if (f.detail) q.whereRaw("provider_message LIKE ? ESCAPE '!'", [likeContains(f.detail)]);
  if (f.sender) q.where('sender', f.sender);
  if (f.code) q.where('provider_code', f.code);
  if (f.status) q.where('status', f.status);
  if (f.channel) q.where('channel', f.channel);
  return q;
}

/**
 * One page of history, newest first, within the newest `latest` matching rows (the seed's "last
 * 500" by default; pages beyond it are empty, `latest=0` lifts the bound). `matched` says how many
 * rows match in all, so a page can say there is more.
 */
export async function listNotifications(db: ShopDb, filter: HistoryFilter, shops: number[] = []): Promise<HistoryPage> {
  const resolved = await resolveFilter(db, filter, shops);
  const table = db.ownTable('notification');
  const [{ n }] = await applyFilters(db.knex(table).count({ n: '*' }), resolved, shops);
  const matched = Number(n);
  const total = filter.latest > 0 ? Math.min(matched, filter.latest) : matched;
  const offset = (filter.page - 1) * filter.per_page;
  const size = Math.min(filter.per_page, total - offset);
  const rows = size <= 0 ? [] : await applyFilters(db.knex(table).select('*'), resolved, shops).orderBy('id_notification', 'desc').limit(size).offset(offset);
  return { rows: await withChats(db, rows.map(toRow)), total, matched, latest: filter.latest, page: filter.page, per_page: filter.per_page };
}

/**
 * The newest `latest` matching rows (every one when it is 0), newest first, in keyset batches
 * (id_notification below the last one seen) so an export of any size runs in constant memory.
 */
export async function* streamNotifications(db: ShopDb, filter: HistoryFilter, shops: number[] = [], batch = 1000): AsyncGenerator<HistoryRow> {
  const resolved = await resolveFilter(db, filter, shops);
  let left = filter.latest > 0 ? filter.latest : Number.MAX_SAFE_INTEGER;
  let below = Number.MAX_SAFE_INTEGER;
  while (left > 0) {
    const rows = await applyFilters(db.knex(db.ownTable('notification')).select('*'), resolved, shops)
      .where('id_notification', '<', below)
      .orderBy('id_notification', 'desc')
      .limit(Math.min(batch, left));
    for (const r of await withChats(db, rows.map(toRow))) yield r;
    left -= rows.length;
    if (rows.length < batch) return;
    below = Number(rows[rows.length - 1].id_notification);
  }
}

const CHAT = /^tg:(-?\d{1,20})$/;

/**
 * Names the chats of Telegram rows (a recipient 'tg:<chat id>'), one lookup per page in the
 * chat table of sql/003: the title as it was when the chat was last linked.
 */
async function withChats(db: ShopDb, rows: NotificationRow[]): Promise<HistoryRow[]> {
  const ids = [...new Set(rows.flatMap((r) => CHAT.exec(r.recipient)?.[1] ?? []))];
  const titles = new Map<string, string>();
  if (ids.length > 0) {
    const chats = await db.knex(db.ownTable('telegram_chat')).select('chat_id', 'title').whereIn('chat_id', ids.map(Number)).orderBy('id_telegram_chat');
    for (const c of chats) if (c.title) titles.set(String(c.chat_id), String(c.title));
  }
  return rows.map((r) => ({ ...r, chat_title: titles.get(CHAT.exec(r.recipient)?.[1] ?? '') ?? null }));
}
