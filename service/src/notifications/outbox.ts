import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { fromSqlDateTime, toSqlDateTime } from '../db';

/**
 * The event outbox, seen from the service. Rows go pending -> processing (claimed for a while
 * by one worker) -> done | rejected. A claim that expires (the worker died) makes the row
 * claimable again; what was already sent for it is protected by the notification table's
 * unique key, so reprocessing never sends twice.
 */
export interface OutboxRow {
  id_event: number;
  event: string;
  id_shop: number;
  id_order: number | null;
  id_customer: number | null;
  id_order_state: number | null;
  payload: string | null;
  attempts: number;
  created_at: string;
}

/** How long a claim lasts unless its worker renews it (the consumer does, while it works). */
export const CLAIM_SECONDS = 120;

function later(now: Date, seconds: number): string {
  return toSqlDateTime(new Date(now.getTime() + seconds * 1000));
}

const COLUMNS = ['id_event', 'event', 'id_shop', 'id_order', 'id_customer', 'id_order_state', 'payload', 'attempts', 'created_at'];

/**
 * Claims up to `limit` rows that are due: pending ones whose retry time has come, and
 * processing ones whose claim expired. On MySQL the candidate rows are locked with SKIP LOCKED
 * so instances never wait on each other; the UPDATE re-checks the state either way, so a row is
 * only ever claimed by one worker. The locking SELECT reads the whole rows: when the UPDATE
 * changed as many as it found (always, under the lock) they are the claim, and the read back
 * after it, a statement per pass, is only needed otherwise. SQLite (one writer, one instance)
 * claims with a single UPDATE ... RETURNING.
 */
export async function claimEvents(db: ShopDb, worker: string, limit: number, now = new Date(), claimSeconds = CLAIM_SECONDS): Promise<OutboxRow[]> {
  const table = db.ownTable('event_outbox');
  const nowSql = toSqlDateTime(now);
  const due = (q: Knex.QueryBuilder) =>
    q
      .where((w) => w.where('status', 'pending').andWhere((n) => n.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', nowSql)))
      .orWhere((w) => w.where('status', 'processing').andWhere('claimed_until', '<', nowSql));
  if (db.dialect !== 'mysql') {
    // One statement, no read-then-write transaction: in WAL mode such a transaction fails with
    // SQLITE_BUSY_SNAPSHOT when the module's INSERT commits between its read and its write
    // (bench/notifications.ts on SQLite: passes failed so, polling p99 1.9 s, 1.0 s without),
    // while a lone UPDATE waits its turn.
    const candidates = db.knex(table).select('id_event').where(due).orderBy('id_event').limit(limit);
    const rows = await db
      .knex(table)
      .whereIn('id_event', candidates)
      .andWhere(due)
      .update({ status: 'processing', claimed_by: worker, claimed_until: later(now, claimSeconds) })
      .returning(COLUMNS);
    return (rows as Array<Record<string, unknown>>).map(toOutboxRow).sort((a, b) => a.id_event - b.id_event);
  }
  // READ COMMITTED: no gap locks on the status index, so the module's INSERTs (a hook in a
  // checkout) never wait on, or deadlock with, a claim (measured: REPEATABLE READ deadlocked
  // the hook's INSERT at 200 events/s).
  const claimed = await db.knex.transaction(async (trx) => {
    const found = await trx(table).select(COLUMNS).where(due).orderBy('id_event').limit(limit).forUpdate().skipLocked();
    if (found.length === 0) return [];
    const ids = found.map((r) => Number(r.id_event));
    const changed = await trx(table)
      .whereIn('id_event', ids)
      .andWhere(due)
      .update({ status: 'processing', claimed_by: worker, claimed_until: later(now, claimSeconds) });
    if (changed === found.length) return found;
    return trx(table).select(COLUMNS).whereIn('id_event', ids).andWhere({ status: 'processing', claimed_by: worker }).orderBy('id_event');
  }, { isolationLevel: 'read committed' });
  return claimed.map(toOutboxRow);
}

function toOutboxRow(r: Record<string, unknown>): OutboxRow {
  return {
    id_event: Number(r.id_event),
    event: String(r.event),
    id_shop: Number(r.id_shop),
    id_order: r.id_order === null ? null : Number(r.id_order),
    id_customer: r.id_customer === null ? null : Number(r.id_customer),
    id_order_state: r.id_order_state === null ? null : Number(r.id_order_state),
    payload: (r.payload as string | null) ?? null,
    attempts: Number(r.attempts),
    created_at: String(r.created_at),
  };
}

/**
 * Extends every claim this worker still holds by `seconds`. The consumer calls it while a pass
 * runs: a Telegram 429 wait or a slow provider can outlast a claim, and an expired claim lets
 * another instance take the event while this one is still sending it. One UPDATE per call, on
 * the (status, id_event) index: only the few rows being processed are read.
 */
export async function renewClaims(db: ShopDb, worker: string, seconds: number, now = new Date()): Promise<number> {
  return db
    .knex(db.ownTable('event_outbox'))
    .where({ claimed_by: worker, status: 'processing' })
    .update({ claimed_until: later(now, seconds) });
}

/** Final: everything each event asked for has a final status in the notification table; one UPDATE. */
export async function markDone(db: ShopDb, idEvents: number[], worker: string, note: string | null = null, now = new Date()): Promise<void> {
  if (idEvents.length > 0) await finish(db, idEvents, worker, 'done', note, now);
}

/** Final: the row cannot be processed (unknown event, missing order...); it never blocks the next ones. */
export async function markRejected(db: ShopDb, idEvent: number, worker: string, reason: string, now = new Date()): Promise<void> {
  await finish(db, [idEvent], worker, 'rejected', reason, now);
}

async function finish(db: ShopDb, idEvents: number[], worker: string, status: string, note: string | null, now: Date): Promise<void> {
  await db
    .knex(db.ownTable('event_outbox'))
    .whereIn('id_event', idEvents)
    .andWhere({ claimed_by: worker })
    .update({ status, last_error: note, processed_at: toSqlDateTime(now), claimed_until: null });
}

/** Not final yet (the provider is down): back to pending, due again after `delaySeconds`. */
export async function scheduleRetry(db: ShopDb, idEvent: number, worker: string, reason: string, delaySeconds: number, now = new Date()): Promise<void> {
  await db
    .knex(db.ownTable('event_outbox'))
    .where({ id_event: idEvent, claimed_by: worker })
    .update({
      status: 'pending',
      attempts: db.knex.raw('attempts + 1'),
      last_error: reason,
      next_attempt_at: later(now, delaySeconds),
      claimed_by: null,
      claimed_until: null,
    });
}

/** The outbox row just before an order-state row of the same order, as twin detection reads it. */
export interface PreviousRow {
  id_event: number;
  id_order_state: number | null;
  status: string;
  created_at: string;
}

/**
 * For each order-state row of the list, the order's previous order-state row (any state, so a
 * 2 -> 3 -> 2 sequence is seen), by the row's id_event. One query for the whole list: each
 * row's predecessor is the MAX(id_event) below it on the (id_order, event) index, a correlated
 * lookup per row of the list and never a scan of an order's history.
 */
export async function findPreviousRows(db: ShopDb, rows: OutboxRow[]): Promise<Map<number, PreviousRow>> {
  const ids = rows.filter((r) => r.event === 'order_state' && r.id_order !== null).map((r) => r.id_event);
  if (ids.length === 0) return new Map();
  const table = db.ownTable('event_outbox');
  const found = await db
    .knex(`${table} as r`)
    .join(`${table} as p`, (j) =>
      j.on(db.knex.raw('?? = (SELECT MAX(x.id_event) FROM ?? AS x WHERE x.id_order = r.id_order AND x.event = ? AND x.id_event < r.id_event)', ['p.id_event', table, 'order_state'])),
    )
    .select('r.id_event as for_event', 'p.id_event', 'p.id_order_state', 'p.status', 'p.created_at')
    .whereIn('r.id_event', ids);
  return new Map(
    found.map((p) => [
      Number(p.for_event),
      { id_event: Number(p.id_event), id_order_state: p.id_order_state === null ? null : Number(p.id_order_state), status: String(p.status), created_at: String(p.created_at) },
    ]),
  );
}

/**
 * PrestaShop fires actionOrderStatusPostUpdate twice for some new orders. An order-state row is a
 * duplicate when the order's previous order-state row reached the same state, within
 * `windowSeconds` before it, and was not rejected (`rejected`: whether a row of the same batch
 * was, since the table still says processing for it). Only that hook: two tracking-number
 * updates in a row are a correction, and each is worth a message.
 */
export function earlierTwin(row: OutboxRow, previous: PreviousRow | undefined, windowSeconds: number, rejected: (idEvent: number) => boolean): number | null {
  if (row.event !== 'order_state' || row.id_order === null || row.id_order_state === null || windowSeconds <= 0) return null;
  if (!previous || previous.status === 'rejected' || rejected(previous.id_event) || previous.id_order_state !== row.id_order_state) return null;
  const gap = (fromSqlDateTime(row.created_at) - fromSqlDateTime(previous.created_at)) / 1000;
  return gap >= 0 && gap <= windowSeconds ? previous.id_event : null;
}
