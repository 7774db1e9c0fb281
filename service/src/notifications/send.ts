import { fromSqlDateTime } from '../db';
import { isShopcastError } from '../errors';
import type { MessageResult, OutgoingSms } from '../providers/types';
import type { DispatchDeps } from './dispatch';
import { backToPending, markInFlightUnknown, markSending, NotificationRow, recordResults, ResultUpdate, rowsOfEvents } from './history';
import type { OutboxRow } from './outbox';

/**
 * Sends what the events' notification rows still have pending and records each result. SMS go
 * in one provider call per shop and sender for the whole batch (the adapter splits by its own
 * batch size); Telegram messages one at a time. Returns the events with a message to try again.
 */
export async function sendPending(deps: DispatchDeps, events: OutboxRow[]): Promise<Set<number>> {
  const retry = new Set<number>();
  if (events.length === 0) return retry;
  const byId = new Map(events.map((e) => [e.id_event, e]));
  const rows = await rowsOfEvents(deps.db, [...byId.keys()]);
  // Only a worker that died leaves rows sending (a live one keeps its claim): a read, and a write only then.
  const inFlight = [...new Set(rows.filter((r) => r.status === 'sending').map((r) => r.id_event))];
  if (inFlight.length > 0 && (await markInFlightUnknown(deps.db, inFlight)) > 0) {
    deps.log.warn({ id_events: inFlight }, 'notifications found in flight after a stop marked unknown');
  }
  const pending = rows.filter((r) => r.status === 'pending');
  for (const group of groupByShopAndSender(pending.filter((r) => r.channel === 'sms'))) {
    for (const id of await sendSms(deps, byId, group)) retry.add(id);
  }
  for (const r of pending.filter((p) => p.channel === 'telegram')) {
    for (const id of await sendTelegram(deps, byId, r)) retry.add(id);
  }
  return retry;
}

/** The settings page stores a checkbox as '1'; a hand-written setting may say 'true'. */
export function isOn(value: string | null): boolean {
  return value === '1' || value === 'true';
}

async function sendSms(deps: DispatchDeps, events: Map<number, OutboxRow>, group: NotificationRow[]): Promise<number[]> {
  // Transactional: the STOP mention is dropped where the account allows it (settings page).
  const nostop = isOn(await deps.cache!.setting('nostop_allowed', group[0].id_shop));
  const taken = new Set(await markSending(deps.db, group.map((r) => r.id_notification)));
  const batch = group.filter((r) => taken.has(r.id_notification));
  if (batch.length === 0) return [];
  const messages = batch.map((r) => ({ to: r.recipient, text: r.message, tracker: `n${r.id_notification}` }));
  const results = await sendOrExplain(deps, messages, () => deps.provider.send(messages, { sender: batch[0].sender ?? undefined, marketing: false, nostop }));
  return record(deps, events, batch, results);
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
async function sendTelegram(deps: DispatchDeps, events: Map<number, OutboxRow>, r: NotificationRow): Promise<number[]> {
  const tracker = `n${r.id_notification}`;
  if (!deps.telegram) return record(deps, events, [r], [{ to: r.recipient, tracker, status: 'rejected', code: null, message: 'telegram_not_configured' }]);
  if ((await markSending(deps.db, [r.id_notification])).length === 0) return [];
  const message = { to: r.recipient, text: r.message, tracker };
  return record(deps, events, [r], await sendOrExplain(deps, [message], () => deps.telegram!.send([message])));
}

/**
 * Records the results of one call, the final ones in one UPDATE; returns the events with a
 * message to try again later (nothing was sent, and there is time), whose rows go back to pending.
 */
async function record(deps: DispatchDeps, events: Map<number, OutboxRow>, rows: NotificationRow[], results: MessageResult[]): Promise<number[]> {
  const final: ResultUpdate[] = [];
  const retry: number[] = [];
  for (const [i, row] of rows.entries()) {
    const result = results[i];
    const id = row.id_notification;
    if (!result) final.push({ id_notification: id, status: 'unknown', code: null, message: 'no result from the provider' });
    else if (result.status === 'accepted') final.push({ id_notification: id, status: 'sent', code: result.code, message: result.message, providerId: result.providerId });
    else if (result.status === 'unknown') final.push({ id_notification: id, status: 'unknown', code: result.code, message: result.message });
    else {
      const created = events.get(row.id_event)!.created_at;
      const age = (deps.now().getTime() - fromSqlDateTime(created)) / 1000;
      if (result.retryable && age < deps.retryForSeconds) {
        await backToPending(deps.db, id, result.code, result.message);
        retry.push(row.id_event);
        continue;
      }
      const reason = result.retryable ? `gave up after ${Math.round(age)} s: ${result.message ?? ''}` : result.message;
      final.push({ id_notification: id, status: 'failed', code: result.code, message: reason });
    }
  }
  await recordResults(deps.db, final, deps.now());
  return retry;
}

/** One provider call per shop (its nostop setting) and sender. */
function groupByShopAndSender(rows: NotificationRow[]): NotificationRow[][] {
  const groups = new Map<string, NotificationRow[]>();
  for (const r of rows) {
    const key = `${r.id_shop}\u0000${r.sender ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}
