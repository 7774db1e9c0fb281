import type { ShopDb } from '../db';
import type { Logger } from '../logging';
import type { SmsProvider } from '../providers/types';
import type { EventKey } from './catalogue';
import type { StaffChatChannel } from './channels';
import { EventData, loadEventsData } from './event-data';
import { eventKeyOf } from './events';
import { failPending, insertPlanned, rowsOfEvents } from './history';
import { earlierTwin, findPreviousRows, markDone, markRejected, OutboxRow, scheduleRetry } from './outbox';
import { PassCache } from './pass-cache';
import { planEvents } from './plan-events';
import type { Rule } from './rules';
import { sendPending } from './send';

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
  /** lookups shared by the events of one pass; a fresh one per call when absent */
  cache?: PassCache;
}

export type EventOutcome = 'done' | 'rejected' | 'retry';

/** An event that has rules to plan for: its key, rules and (once loaded) its shop data. */
export interface ToPlan {
  row: OutboxRow;
  key: EventKey;
  rules: Rule[];
  data: EventData;
}

/** processEvents for one row. */
export async function processEvent(deps: DispatchDeps, row: OutboxRow): Promise<EventOutcome> {
  const [outcome] = await processEvents(deps, [row]);
  return outcome;
}

/**
 * Processes claimed outbox rows to a final state, the whole batch at each step: plan (one row
 * per rule and recipient, inserted before any call), send what is pending (one provider call
 * per shop and sender for the batch), record each result. Each step costs one statement per
 * table for the batch, not per event: at 200 events/s, 15 statements per event before kept the
 * 2-core host busy (bench/notifications.ts). Outcomes come in the order of `rows`.
 * Safe to run again on the same rows at any point: the unique key stops a second plan, rows
 * already sent are left alone, a row is sent only by the worker that moved it from pending to
 * sending, and a row found "sending" (its worker died during the call) is marked unknown, never
 * resent. A throw fails the batch; the consumer then runs its rows one by one.
 */
export async function processEvents(given: DispatchDeps, rows: OutboxRow[]): Promise<EventOutcome[]> {
  const deps = given.cache ? given : { ...given, cache: new PassCache(given.db) };
  const cache = deps.cache!;
  const outcomes = new Map<number, EventOutcome>();
  const keyed = rows.flatMap((row) => {
    const key = eventKeyOf(row);
    return key ? [{ row, key }] : [];
  });
  const withRules = await Promise.all(keyed.map(async (e) => ({ ...e, rules: await cache.rulesFor(e.key, e.row.id_shop) })));
  const [previous, existing] = await Promise.all([findPreviousRows(deps.db, rows), rowsOfEvents(deps.db, withRules.filter((e) => e.rules.length > 0).map((e) => e.row.id_event))]);
  const planned = new Set(existing.map((n) => n.id_event));
  const toLoad = withRules.filter((e) => e.rules.length > 0 && !planned.has(e.row.id_event));
  const data = await loadEventsData(deps.db, toLoad, (idShop) => cache.shopName(idShop));
  const toPlan: ToPlan[] = [];
  const live: OutboxRow[] = [];
  // In id order, as rows arrived: a twin is judged against the outcome of the row before it.
  for (const row of [...rows].sort((a, b) => a.id_event - b.id_event)) {
    const key = eventKeyOf(row);
    if (!key) {
      outcomes.set(row.id_event, await reject(deps, row, `unknown event "${row.event}" (id_order_state ${row.id_order_state ?? 'missing'})`));
      continue;
    }
    const twin = earlierTwin(row, previous.get(row.id_event), deps.duplicateWindowSeconds, (id) => outcomes.get(id) === 'rejected');
    if (twin !== null) {
      await markDone(deps.db, [row.id_event], deps.worker, `duplicate of event ${twin}`, deps.now());
      outcomes.set(row.id_event, 'done');
      continue;
    }
    const loaded = data.get(row.id_event);
    if (typeof loaded === 'string') {
      outcomes.set(row.id_event, await reject(deps, row, loaded));
      continue;
    }
    if (loaded) toPlan.push({ row, key, rules: withRules.find((e) => e.row === row)!.rules, data: loaded });
    live.push(row);
  }
  await insertPlanned(deps.db, await planEvents(deps, toPlan), deps.now());
  const retry = await sendPending(deps, live);
  await finishLive(deps, live, retry, outcomes);
  return rows.map((r) => outcomes.get(r.id_event)!);
}

async function reject(deps: DispatchDeps, row: OutboxRow, reason: string): Promise<EventOutcome> {
  deps.log.warn({ id_event: row.id_event, event: row.event, reason }, 'outbox event rejected');
  await markRejected(deps.db, row.id_event, deps.worker, reason, deps.now());
  return 'rejected';
}

/** Events with a message to try again wait for their backoff; the others are done, in one UPDATE. */
async function finishLive(deps: DispatchDeps, live: OutboxRow[], retry: Set<number>, outcomes: Map<number, EventOutcome>): Promise<void> {
  for (const row of live.filter((r) => retry.has(r.id_event))) {
    const delay = backoffSeconds(row.attempts);
    await scheduleRetry(deps.db, row.id_event, deps.worker, 'provider unavailable, retrying', delay, deps.now());
    deps.log.info({ id_event: row.id_event, delay }, 'notification send retry scheduled');
    outcomes.set(row.id_event, 'retry');
  }
  const done = live.filter((r) => !retry.has(r.id_event)).map((r) => r.id_event);
  await markDone(deps.db, done, deps.worker, null, deps.now());
  for (const id of done) outcomes.set(id, 'done');
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
