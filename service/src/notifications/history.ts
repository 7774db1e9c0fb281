import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import type { Channel } from './channels';

/**
 * The notification table: one row per (event, rule, recipient), written before the provider is
 * called and updated after. Statuses: pending -> sending -> sent | failed | unknown, or skipped
 * (nothing to send: no mobile, opted out, text refused). `unknown` means the call was in flight
 * when we lost track of it: it is never sent again.
 */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped';

export interface PlannedNotification {
  id_event: number;
  id_rule: number;
  id_shop: number;
  event: string;
  channel: Channel;
  /** E.164 or 'tg:<chat id>'; '' (SMS) or 'tg:' (Telegram) when there is none (then status is skipped) */
  recipient: string;
  sender: string | null;
  message: string;
  parts: number;
  status: 'pending' | 'skipped';
  provider_message?: string | null;
}

export interface NotificationRow extends Omit<PlannedNotification, 'status' | 'provider_message'> {
  id_notification: number;
  status: NotificationStatus;
  attempts: number;
  provider_code: string | null;
  provider_message: string | null;
  tracker: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Inserts what is not there yet; the unique key makes a replay insert nothing. */
export async function insertPlanned(db: ShopDb, planned: PlannedNotification[], now = new Date()): Promise<void> {
  if (planned.length === 0) return;
  const created_at = toSqlDateTime(now);
  await db
    .knex(db.ownTable('notification'))
    .insert(planned.map((p) => ({ ...p, provider_message: p.provider_message ?? null, created_at })))
    .onConflict(['id_event', 'id_rule', 'recipient'])
    .ignore();
}

/** The rows of these events, in id order: one query for a claimed batch. */
export async function rowsOfEvents(db: ShopDb, idEvents: number[]): Promise<NotificationRow[]> {
  if (idEvents.length === 0) return [];
  const rows = await db.knex(db.ownTable('notification')).select('*').whereIn('id_event', idEvents).orderBy('id_notification');
  return rows.map(toRow);
}

/**
 * Takes pending rows for sending, right before the provider call: each goes pending -> sending
 * with its tracker, and only if it is still pending, so a worker holding a stale list (its claim
 * ran out and another worker took the event) cannot send a row twice. Returns the ids taken.
 * On MySQL, a few rows: one conditional UPDATE each tells which were taken; more (a claimed
 * batch of events): the pending ones are locked and read, then updated, in one transaction, so
 * the statements do not grow with the batch. On SQLite one UPDATE ... RETURNING.
 */
export async function markSending(db: ShopDb, ids: number[]): Promise<number[]> {
  const table = db.ownTable('notification');
  const take = { status: 'sending', attempts: db.knex.raw('attempts + 1'), tracker: db.knex.raw("CONCAT('n', id_notification)") };
  if (ids.length === 0) return [];
  if (db.dialect !== 'mysql') {
    // SQLite names the rows it changed; a read-then-write transaction would fail with
    // SQLITE_BUSY_SNAPSHOT whenever another connection writes between the two.
    const rows = await db.knex(table).whereIn('id_notification', ids).andWhere('status', 'pending').update(take).returning(['id_notification']);
    return (rows as Array<{ id_notification: number }>).map((r) => Number(r.id_notification));
  }
  if (ids.length < 4) {
    const taken: number[] = [];
    for (const id of ids) if ((await db.knex(table).where({ id_notification: id, status: 'pending' }).update(take)) > 0) taken.push(id);
    return taken;
  }
  return db.knex.transaction(async (trx) => {
    const taken = (await trx(table).select('id_notification').whereIn('id_notification', ids).andWhere('status', 'pending').forUpdate()).map((r) => Number(r.id_notification));
    if (taken.length > 0) await trx(table).whereIn('id_notification', taken).update(take);
    return taken;
  });
}

/** Nothing was sent (the provider was unreachable or busy): the row waits for the event's retry. */
export async function backToPending(db: ShopDb, id: number, code: string | null, message: string | null): Promise<void> {
  await db
    .knex(db.ownTable('notification'))
    .where({ id_notification: id, status: 'sending' })
    .update({ status: 'pending', provider_code: code, provider_message: message === null ? null : message.slice(0, 255) });
}

/**
 * Rows of these events still `sending` when a worker takes the events over: the previous worker
 * died during the call (a live one keeps its claim), so the message may have gone. Never resent.
 */
export async function markInFlightUnknown(db: ShopDb, idEvents: number[]): Promise<number> {
  return db
    .knex(db.ownTable('notification'))
    .whereIn('id_event', idEvents)
    .andWhere({ status: 'sending' })
    .update({ status: 'unknown', provider_message: 'in flight when the service stopped; not resent' });
}

/** An event given up: what it had not sent yet is failed with the reason, so the history is final. */
export async function failPending(db: ShopDb, idEvent: number, reason: string): Promise<number> {
  return db
    .knex(db.ownTable('notification'))
    .where({ id_event: idEvent, status: 'pending' })
    .update({ status: 'failed', provider_message: reason.slice(0, 255) });
}

export interface ResultUpdate {
  id_notification: number;
  status: NotificationStatus;
  code: string | null;
  message: string | null;
  providerId?: string | null;
}

/**
 * Each row's final status, provider code, words and id in one UPDATE (a CASE on the id per
 * column), so recording a provider call's answers costs one statement, not one per message.
 */
export async function recordResults(db: ShopDb, results: ResultUpdate[], now = new Date()): Promise<void> {
  if (results.length === 0) return;
  const sentAt = toSqlDateTime(now);
  const byId = (value: (r: ResultUpdate) => unknown) => {
    const bindings = results.flatMap((r) => [r.id_notification, value(r)]);
    return db.knex.raw(`CASE id_notification ${results.map(() => 'WHEN ? THEN ?').join(' ')} END`, bindings as Array<string | number | null>);
  };
  await db
    .knex(db.ownTable('notification'))
    .whereIn('id_notification', results.map((r) => r.id_notification))
    .update({
      status: byId((r) => r.status),
      provider_code: byId((r) => r.code),
      provider_message: byId((r) => (r.message === null ? null : r.message.slice(0, 255))),
      provider_message_id: byId((r) => r.providerId ?? null),
      sent_at: byId((r) => (r.status === 'sent' ? sentAt : null)),
    });
}

export function toRow(r: Record<string, unknown>): NotificationRow {
  return {
    id_notification: Number(r.id_notification),
    id_event: Number(r.id_event),
    id_rule: Number(r.id_rule),
    id_shop: Number(r.id_shop),
    event: String(r.event),
    channel: (r.channel as Channel | undefined) ?? 'sms',
    recipient: String(r.recipient),
    sender: (r.sender as string | null) ?? null,
    message: String(r.message),
    parts: Number(r.parts),
    status: r.status as NotificationStatus,
    attempts: Number(r.attempts),
    provider_code: (r.provider_code as string | null) ?? null,
    provider_message: (r.provider_message as string | null) ?? null,
    tracker: (r.tracker as string | null) ?? null,
    created_at: String(r.created_at),
    sent_at: (r.sent_at as string | null) ?? null,
  };
}
