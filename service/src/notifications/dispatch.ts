import type { ShopDb } from '../db';
import { isShopcastError } from '../errors';
import type { Logger } from '../logging';
import type { MessageResult, OutgoingSms, SmsProvider } from '../providers/types';
import type { EventKey } from './catalogue';
import type { StaffChatChannel } from './channels';
import { EventData, loadEventData } from './event-data';
import { eventKeyOf } from './events';
import { backToPending, failPending, insertPlanned, markInFlightUnknown, markSending, NotificationRow, PlannedNotification, recordResult, rowsOfEvent } from './history';
import { findEarlierTwin, markDone, markRejected, OutboxRow, scheduleRetry } from './outbox';
import { planChatNotifications, planNotification } from './plan';
import { chooseAdminPhone } from './recipients';
import { PassCache } from './pass-cache';
import type { Rule } from './rules';

export interface DispatchDeps {
  db: ShopDb;
  provider: SmsProvider;
  log: Logger;
  worker: string;
  now: () => Date;
  /** a second row for the same order, event and state within this window is PrestaShop firing twice */
  duplicateWindowSeconds: number;
  /** how long a provider outage is retried before the notification is marked failed */
  retryForSeconds: number;
  /** attempts of an event whose processing throws (a bug, bad shop data) before it is rejected; default 10 */
  maxAttempts?: number;
  /** the staff chats of [Admin] rules that deliver by Telegram; absent = Telegram not set up */
  telegram?: StaffChatChannel;
  /** lookups shared by the events of one pass; a fresh one per event when absent */
  cache?: PassCache;
}

export type EventOutcome = 'done' | 'rejected' | 'retry';

/**
 * Processes one claimed outbox row to a final state: plan (one row per rule and recipient,
 * inserted before any call), send what is pending, record each result. Safe to run again on the
 * same row at any point: the unique key stops a second plan, rows already sent are left alone,
 * a row is sent only by the worker that moved it from pending to sending, and a row found
 * "sending" (its worker died during the call) is marked unknown, never resent.
 */
export async function processEvent(given: DispatchDeps, row: OutboxRow): Promise<EventOutcome> {
  const deps = given.cache ? given : { ...given, cache: new PassCache(given.db) };
  const { db, worker } = deps;
  const cache = deps.cache!;
  const key = eventKeyOf(row);
  if (!key) return reject(deps, row, `unknown event "${row.event}" (id_order_state ${row.id_order_state ?? 'missing'})`);
  const twin = await findEarlierTwin(db, row, deps.duplicateWindowSeconds);
  if (twin !== null) {
    await markDone(db, row.id_event, worker, `duplicate of event ${twin}`, deps.now());
    return 'done';
  }
  const rules = await cache.rulesFor(key, row.id_shop);
  if (rules.length > 0 && (await rowsOfEvent(db, row.id_event)).length === 0) {
    const data = await loadEventData(db, row, key, await cache.shopName(row.id_shop));
    if (typeof data === 'string') return reject(deps, row, data);
    await planAll(deps, row, key, rules, data);
  }
  return sendPlanned(deps, row);
}

async function reject(deps: DispatchDeps, row: OutboxRow, reason: string): Promise<EventOutcome> {
  deps.log.warn({ id_event: row.id_event, event: row.event, reason }, 'outbox event rejected');
  await markRejected(deps.db, row.id_event, deps.worker, reason, deps.now());
  return 'rejected';
}

async function planAll(deps: DispatchDeps, row: OutboxRow, key: EventKey, rules: Rule[], data: EventData): Promise<void> {
  const defaultSender = await deps.cache!.setting('default_sender', row.id_shop);
  const planned: PlannedNotification[] = [];
  for (const rule of rules) {
    if (rule.channels.includes('sms')) planned.push(await planSms(deps, row, key, rule, data, defaultSender));
    if (rule.channels.includes('telegram')) planned.push(...(await planTelegram(deps, row, key, rule, data)));
  }
  await insertPlanned(deps.db, planned, deps.now());
}

async function planSms(deps: DispatchDeps, row: OutboxRow, key: EventKey, rule: Rule, data: EventData, defaultSender: string | null): Promise<PlannedNotification> {
  const { db } = deps;
  const recipient = rule.audience === 'admin' ? chooseAdminPhone(await deps.cache!.setting('admin_phone', row.id_shop)) : await data.clientPhone();
  // Opt-outs bind [Client] messages only: the admin's own phone is the merchant's choice.
  const optedOut = rule.audience === 'client' && recipient.phone !== null && (await isOptedOut(db, recipient.phone));
  return planNotification({ idEvent: row.id_event, idShop: row.id_shop, event: key, rule, recipient, optedOut, defaultSender, context: data.context });
}

async function planTelegram(deps: DispatchDeps, row: OutboxRow, key: EventKey, rule: Rule, data: EventData): Promise<PlannedNotification[]> {
  const recipients = deps.telegram ? await deps.telegram.recipients(row.id_shop) : [];
  const noRecipientReason = deps.telegram ? 'no_telegram_chat' : 'telegram_not_configured';
  return planChatNotifications({ idEvent: row.id_event, idShop: row.id_shop, event: key, rule, recipients, noRecipientReason, context: data.context });
}

/** In our opt-out list (fed by the provider's blacklist and the merchant's imports). */
export async function isOptedOut(db: ShopDb, phone: string): Promise<boolean> {
  return Boolean(await db.knex(db.ownTable('opt_out')).first('phone').where({ phone }));
}

async function sendPlanned(deps: DispatchDeps, row: OutboxRow): Promise<EventOutcome> {
  const { db, log } = deps;
  const rows = await rowsOfEvent(db, row.id_event);
  // Only a worker that died leaves rows sending (a live one keeps its claim): a read, and a write only then.
  if (rows.some((r) => r.status === 'sending') && (await markInFlightUnknown(db, row.id_event)) > 0) {
    log.warn({ id_event: row.id_event }, 'notifications found in flight after a stop marked unknown');
  }
  const pending = rows.filter((r) => r.status === 'pending');
  let retry = await sendSms(deps, row, pending.filter((r) => r.channel === 'sms'));
  for (const r of pending.filter((p) => p.channel === 'telegram')) retry = (await sendTelegram(deps, row, r)) || retry;
  if (retry) {
    const delay = backoffSeconds(row.attempts);
    await scheduleRetry(db, row.id_event, deps.worker, 'provider unavailable, retrying', delay, deps.now());
    log.info({ id_event: row.id_event, delay }, 'notification send retry scheduled');
    return 'retry';
  }
  await markDone(db, row.id_event, deps.worker, null, deps.now());
  return 'done';
}

/** 5 s, doubling, at most 5 minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.min(attempts, 6));
}

/**
 * An event whose processing threw (not a provider answer: those are results). Retried with the
 * usual backoff up to `maxAttempts`, then given up: its outbox row is rejected with the reason and
 * its unsent rows failed, so it never loops and its history is final. Rows left `sending` are
 * found by the next worker as unknown, as after a crash: the message may have gone.
 */
export async function retryOrAbandon(deps: DispatchDeps, row: OutboxRow, err: unknown): Promise<EventOutcome> {
  const reason = (err instanceof Error ? err.message : String(err)).slice(0, 400);
  const attempt = row.attempts + 1;
  if (attempt < (deps.maxAttempts ?? 10)) {
    const delay = backoffSeconds(row.attempts);
    deps.log.error({ err, id_event: row.id_event, attempt, delay }, 'outbox event failed; will retry');
    await scheduleRetry(deps.db, row.id_event, deps.worker, reason, delay, deps.now());
    return 'retry';
  }
  const final = `gave up after ${attempt} attempts: ${reason}`;
  deps.log.error({ err, id_event: row.id_event, attempt }, 'outbox event given up');
  await failPending(deps.db, row.id_event, final);
  await markRejected(deps.db, row.id_event, deps.worker, final, deps.now());
  return 'rejected';
}

/** One provider call per sender; true when some message should be tried again later. */
async function sendSms(deps: DispatchDeps, event: OutboxRow, pending: NotificationRow[]): Promise<boolean> {
  if (pending.length === 0) return false;
  let retry = false;
  // Transactional: the STOP mention is dropped where the account allows it (settings page).
  const nostop = isOn(await deps.cache!.setting('nostop_allowed', event.id_shop));
  for (const group of groupBySender(pending)) {
    const taken = new Set(await markSending(deps.db, group.map((r) => r.id_notification)));
    const batch = group.filter((r) => taken.has(r.id_notification));
    if (batch.length === 0) continue;
    const messages = batch.map((r) => ({ to: r.recipient, text: r.message, tracker: `n${r.id_notification}` }));
    const results = await sendOrExplain(deps, messages, () => deps.provider.send(messages, { sender: batch[0].sender ?? undefined, marketing: false, nostop }));
    for (const [i, r] of batch.entries()) retry = (await record(deps, event, r, results[i])) || retry;
  }
  return retry;
}

/** The settings page stores a checkbox as '1'; a hand-written setting may say 'true'. */
export function isOn(value: string | null): boolean {
  return value === '1' || value === 'true';
}

/**
 * The call, or a result per message when it throws. The SmsProvider and StaffChatChannel ports
 * answer every network and provider failure with results and never throw for them, so a throw
 * happened before any request was written (options refused, a setting unreadable, the sandbox's
 * insert failed): nothing went out and a retry is safe, unless the input itself was refused.
 */
async function sendOrExplain(deps: DispatchDeps, messages: OutgoingSms[], send: () => Promise<MessageResult[]>): Promise<MessageResult[]> {
  try {
    return await send();
  } catch (err) {
    const refused = isShopcastError(err) && err.code === 'invalid_input';
    const message = `not sent: ${(err as Error).message}`.slice(0, 255);
    deps.log.warn({ err, trackers: messages.map((m) => m.tracker), retryable: !refused }, 'send threw before reaching the provider');
    return messages.map((m) => ({ to: m.to, tracker: m.tracker, status: 'rejected', code: 'error', message, retryable: !refused }));
  }
}

/**
 * One chat message per call: the delivery paces each chat (it may wait out a 429), and marking
 * rows one at a time means a crash during a wait leaves a single row unknown, not the batch.
 */
async function sendTelegram(deps: DispatchDeps, event: OutboxRow, r: NotificationRow): Promise<boolean> {
  const tracker = `n${r.id_notification}`;
  if (!deps.telegram) return record(deps, event, r, { to: r.recipient, tracker, status: 'rejected', code: null, message: 'telegram_not_configured' });
  if ((await markSending(deps.db, [r.id_notification])).length === 0) return false;
  const message = { to: r.recipient, text: r.message, tracker };
  const [result] = await sendOrExplain(deps, [message], () => deps.telegram!.send([message]));
  return record(deps, event, r, result);
}

/** Records one result; true when it should be tried again later (nothing was sent, and there is time). */
async function record(deps: DispatchDeps, event: OutboxRow, row: NotificationRow, result: MessageResult | undefined): Promise<boolean> {
  const { db } = deps;
  if (!result) {
    await recordResult(db, row.id_notification, { status: 'unknown', code: null, message: 'no result from the provider' }, deps.now());
    return false;
  }
  if (result.status === 'accepted') {
    await recordResult(db, row.id_notification, { status: 'sent', code: result.code, message: result.message, providerId: result.providerId }, deps.now());
    return false;
  }
  if (result.status === 'unknown') {
    await recordResult(db, row.id_notification, { status: 'unknown', code: result.code, message: result.message }, deps.now());
    return false;
  }
  const age = (deps.now().getTime() - Date.parse(`${event.created_at.replace(' ', 'T')}Z`)) / 1000;
  if (result.retryable && age < deps.retryForSeconds) {
    await backToPending(db, row.id_notification, result.code, result.message);
    return true;
  }
  const reason = result.retryable ? `gave up after ${Math.round(age)} s: ${result.message ?? ''}` : result.message;
  await recordResult(db, row.id_notification, { status: 'failed', code: result.code, message: reason }, deps.now());
  return false;
}

function groupBySender(rows: NotificationRow[]): NotificationRow[][] {
  const groups = new Map<string, NotificationRow[]>();
  for (const r of rows) {
    const key = r.sender ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}
