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

export async function rowsOfEvent(db: ShopDb, idEvent: number): Promise<NotificationRow[]> {
  const rows = await db.knex(db.ownTable('notification')).select('*').where({ id_event: idEvent }).orderBy('id_notification');
  return rows.map(toRow);
}

/** Marks the rows as being sent, with their tracker, right before the provider call. */
export async function markSending(db: ShopDb, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .knex(db.ownTable('notification'))
    .whereIn('id_notification', ids)
    .update({ status: 'sending', attempts: db.knex.raw('attempts + 1'), tracker: db.knex.raw("CONCAT('n', id_notification)") });
}

export async function recordResult(
  db: ShopDb,
  id: number,
  result: { status: NotificationStatus; code: string | null; message: string | null; providerId?: string | null },
  now = new Date(),
): Promise<void> {
  await db
    .knex(db.ownTable('notification'))
    .where({ id_notification: id })
    .update({
      status: result.status,
      provider_code: result.code,
      provider_message: result.message === null ? null : result.message.slice(0, 255),
      provider_message_id: result.providerId ?? null,
      sent_at: result.status === 'sent' ? toSqlDateTime(now) : null,
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
