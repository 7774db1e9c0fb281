import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { fromSqlDateTime, toSqlDateTime } from '../db';
import { customerChoice } from './reachability';

/**
 * The customer-phone table: each customer's chosen number, recomputed from the address-phone
 * cache for the customers whose addresses the refresh touched. MAX(pick_key) over the customer's
 * live addresses (deleted = 0, still theirs) is the newest address with a mobile number, or the
 * most telling drop reason; a customer without any live address gets no row (no_number).
 *
 * Two flags spare counts a lookup per matched customer (recipients.ts):
 * - `shared`: another customer holds the same number, so only those rows need COUNT(DISTINCT).
 *   A recompute sets it again, in its transaction, for every number it gives or takes away.
 * - `opted_out`: the number is on the opt-out list. A recompute reads the list for the numbers it
 *   writes; syncOptOutFlags follows the list itself, whoever wrote to it.
 *
 * Every write here holds the WRITER row's lock (MySQL) for its transaction, so these run one at a
 * time across instances and never see each other half done: with locks on the numbers alone,
 * eight refreshes at once deadlocked on the index gaps, and with none two refreshes giving one
 * number to two customers could each see a single holder. SQLite runs one write transaction at a
 * time anyway. A flag wrongly at 0 would count a customer as reachable; the tests check each path.
 */
const WRITER = 'customer_phone_writer';
/** The opt-out list's fingerprint when syncOptOutFlags last flagged new numbers / checked all. */
const FLAGS_SEEN = 'opt_out_flags_seen';
const FLAGS_CHECKED = 'opt_out_flags_checked';
/** A sweep checks the whole list at least this often, even when its fingerprint did not move. */
export const RECHECK_LIST_SECONDS = 900;
const CHUNK = 1000;

/**
 * Recomputes these customers, each chunk in a transaction of its own, or all of them in `trx`
 * when the caller changed their addresses in it: the cache write and the recompute then commit
 * together (a recompute failing after a committed cache write left the customer's number stale
 * for good, since no refresh sees that address as changed again).
 */
export async function recomputeCustomers(db: ShopDb, ids: Iterable<number>, trx?: Knex.Transaction): Promise<void> {
  const all = [...new Set(ids)].filter((id) => id > 0);
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    if (trx) await recomputeChunk(db, trx, chunk);
    else await withCustomerPhoneWriter(db, (own) => recomputeChunk(db, own, chunk));
  }
}

/**
 * Runs `work` in a transaction holding the writer lock, the one way into this table's writes.
 * The writer row is made sure of before the transaction: an INSERT IGNORE inside it leaves a
 * shared lock on the row, and two transactions each holding one then deadlock on FOR UPDATE.
 */
export async function withCustomerPhoneWriter<T>(db: ShopDb, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  await db.knex(db.ownTable('sync_state')).insert({ name: WRITER, value: '', updated_at: toSqlDateTime(new Date()) }).onConflict('name').ignore();
  return db.knex.transaction(async (trx) => {
    if (db.dialect === 'mysql') await trx(db.ownTable('sync_state')).select('name').where('name', WRITER).forUpdate();
    return work(trx);
  });
}

/** One chunk of customers, in a transaction of withCustomerPhoneWriter. */
async function recomputeChunk(db: ShopDb, trx: Knex.Transaction, ids: number[]): Promise<void> {
  const table = db.ownTable('customer_phone');
  // One grouped read over the (id_customer, pick_key) index and the address primary key.
  const rows: Array<{ id_customer: number; pick: string | null }> = await trx({ ap: db.ownTable('address_phone') })
    .join({ a: db.shopTable('address') }, function () {
      this.on('a.id_address', 'ap.id_address').andOn('a.id_customer', 'ap.id_customer');
    })
    .select('ap.id_customer')
    .max({ pick: 'ap.pick_key' })
    .whereIn('ap.id_customer', ids)
    .where('a.deleted', 0)
    .groupBy('ap.id_customer');
  const choices = rows.map((r) => ({ id_customer: Number(r.id_customer), ...customerChoice(r.pick) }));
  const numbers = choices.flatMap((c) => (c.phone ? [c.phone] : []));
  const listed = new Set<string>(numbers.length ? await trx(db.ownTable('opt_out')).pluck('phone').whereIn('phone', numbers) : []);
  const records = choices.map((c) => ({ ...c, opted_out: c.phone !== null && listed.has(c.phone) ? 1 : 0 }));
  const kept = new Set(records.map((r) => r.id_customer));
  const gone = ids.filter((id) => !kept.has(id));
  const before: string[] = await trx(table).pluck('phone').whereIn('id_customer', ids).whereNotNull('phone');
  if (gone.length) await trx(table).whereIn('id_customer', gone).delete();
  for (let i = 0; i < records.length; i += 500) {
    await trx(table).insert(records.slice(i, i + 500)).onConflict('id_customer').merge();
  }
  await markShared(db, trx, [...before, ...numbers]);
}

/**
 * Sets `shared` on every holder of these numbers from who holds them now. One read of the holders
 * with their flags; only numbers whose flag is wrong are written (usually none: updating every
 * number read made a recompute 2.6x slower).
 */
async function markShared(db: ShopDb, trx: Knex.Transaction, phones: string[]): Promise<void> {
  const table = db.ownTable('customer_phone');
  const numbers = [...new Set(phones)];
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const holders: Array<{ phone: string; shared: number }> = await trx(table).select('phone', 'shared').whereIn('phone', numbers.slice(i, i + CHUNK));
    const count = new Map<string, number>();
    for (const h of holders) count.set(h.phone, (count.get(h.phone) ?? 0) + 1);
    const flagOf = (phone: string) => ((count.get(phone) ?? 0) > 1 ? 1 : 0);
    const needing = (flag: 0 | 1) => [...new Set(holders.filter((h) => flagOf(h.phone) === flag && Number(h.shared) !== flag).map((h) => h.phone))];
    const [toShared, toAlone] = [needing(1), needing(0)];
    if (toShared.length) await trx(table).whereIn('phone', toShared).update({ shared: 1 });
    if (toAlone.length) await trx(table).whereIn('phone', toAlone).update({ shared: 0 });
  }
}

/**
 * Brings `opted_out` in line with the opt-out list, whoever wrote to it, when the list changed
 * since the last call: its fingerprint (row count and newest created_at, two index reads) is
 * compared with the one stored. Every call (before every count) then:
 * - when the list only grew by rows dated after the newest it saw (a STOP reply or an import,
 *   stamped now), flags just those, through the created_at index;
 * - otherwise (a removal, a back-dated listing) checks both directions over the whole list, so
 *   the count agrees with the export, which reads the list itself (1M-customer demo, 15,800
 *   listed numbers: 0.22-0.43 s, against 6-9 ms for an unchanged list).
 * One removal paired with one back-dated listing keeps both the count and the newest date, so
 * `full` (the address sweeps, at most once a minute) also checks the whole list when the last
 * check is RECHECK_LIST_SECONDS old. The fingerprint is read before the flags are set, so a
 * number listed meanwhile is caught by the next call.
 */
export async function syncOptOutFlags(db: ShopDb, options: { full: boolean }): Promise<void> {
  const list = db.ownTable('opt_out');
  const [stats] = await db.knex(list).select(db.knex.raw('COUNT(*) AS n'), db.knex.raw('MAX(created_at) AS newest'));
  // Both drivers answer DATETIME as 'YYYY-MM-DD hh:mm:ss' text (mysql2 with dateStrings).
  const newest: string = stats.newest ?? '';
  const fingerprint = `${Number(stats.n)}:${newest}`;
  const rows: Array<{ name: string; value: string | null; updated_at: string }> = await db
    .knex(db.ownTable('sync_state'))
    .select('name', 'value', 'updated_at')
    .whereIn('name', [FLAGS_SEEN, FLAGS_CHECKED]);
  const state = new Map(rows.map((r) => [r.name, r.value ?? '']));
  const checked = rows.find((r) => r.name === FLAGS_CHECKED);
  const checkedAt = checked ? fromSqlDateTime(String(checked.updated_at)) : 0;
  const seen = state.get(FLAGS_SEEN);
  let check = options.full && (state.get(FLAGS_CHECKED) !== fingerprint || Date.now() - checkedAt >= RECHECK_LIST_SECONDS * 1000);
  if (!check && seen === fingerprint) return;
  const last = seen === undefined ? undefined : parseFingerprint(seen);
  if (!check) check = last === undefined || !(await onlyAppended(db, Number(stats.n), newest, last));
  const table = db.ownTable('customer_phone');
  await withCustomerPhoneWriter(db, async (trx) => {
    const listed = trx({ o: list }).join({ cp: table }, 'cp.phone', 'o.phone').where('cp.opted_out', 0).distinct().pluck('o.phone');
    if (!check && last) listed.where('o.created_at', '>=', last.newest);
    await setFlag(trx, table, await listed, 1);
    if (check) {
      const unlisted = trx({ cp: table }).leftJoin({ o: list }, 'o.phone', 'cp.phone').where('cp.opted_out', 1).whereNull('o.phone').distinct().pluck('cp.phone');
      await setFlag(trx, table, await unlisted, 0);
    }
    const stamp = toSqlDateTime(new Date());
    const rows = [{ name: FLAGS_SEEN, value: fingerprint, updated_at: stamp }, ...(check ? [{ name: FLAGS_CHECKED, value: fingerprint, updated_at: stamp }] : [])];
    await trx(db.ownTable('sync_state')).insert(rows).onConflict('name').merge(['value', 'updated_at']);
  });
}

/** A stored fingerprint, 'count:newest' (newest is '' for an empty list). */
function parseFingerprint(value: string): { count: number; newest: string } {
  return { count: Number(value.slice(0, value.indexOf(':'))), newest: value.slice(value.indexOf(':') + 1) };
}

/** Whether the list went from `last` to (n, newest) by rows dated after the newest it had, only. */
async function onlyAppended(db: ShopDb, n: number, newest: string, last: { count: number; newest: string }): Promise<boolean> {
  if (newest < last.newest) return false;
  if (last.newest === '') return last.count === 0;
  const [later] = await db.knex(db.ownTable('opt_out')).count({ n: '*' }).where('created_at', '>', last.newest);
  return n === last.count + Number(later.n);
}

async function setFlag(trx: Knex.Transaction, table: string, phones: string[], value: 0 | 1): Promise<void> {
  for (let i = 0; i < phones.length; i += CHUNK) await trx(table).whereIn('phone', phones.slice(i, i + CHUNK)).update({ opted_out: value });
}
