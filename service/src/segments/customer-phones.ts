import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { customerChoice } from './reachability';

/**
 * The customer-phone table: each customer's chosen number, recomputed from the address-phone
 * cache for the customers whose addresses the refresh touched. MAX(pick_key) over the customer's
 * live addresses (deleted = 0, still theirs) is the newest address with a mobile number, or the
 * most telling drop reason; a customer without any live address gets no row (no_number).
 *
 * `shared` says another customer holds the same number, so counts need COUNT(DISTINCT) only for
 * those rows (recipients.ts). It is set again, in the same transaction, for every number a
 * recompute gives or takes away.
 */
export async function recomputeCustomers(db: ShopDb, ids: Iterable<number>): Promise<void> {
  const all = [...new Set(ids)].filter((id) => id > 0);
  if (all.length === 0) return;
  await db.knex(db.ownTable('sync_state')).insert({ name: WRITER, value: '', updated_at: toSqlDateTime(new Date()) }).onConflict('name').ignore();
  for (let i = 0; i < all.length; i += 1000) await recomputeChunk(db, all.slice(i, i + 1000));
}

/**
 * One recompute at a time, across instances: each holds the WRITER row's lock for its
 * transaction. Reading holders and setting `shared` is then never raced by another recompute
 * giving the same number away (with row locks on the numbers alone, eight refreshes at once
 * deadlocked on the index gaps). SQLite runs one write transaction at a time anyway.
 */
const WRITER = 'customer_phone_writer';

async function recomputeChunk(db: ShopDb, ids: number[]): Promise<void> {
  const table = db.ownTable('customer_phone');
  await db.knex.transaction(async (trx) => {
    if (db.dialect === 'mysql') await trx(db.ownTable('sync_state')).select('name').where('name', WRITER).forUpdate();
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
    const records = rows.map((r) => ({ id_customer: Number(r.id_customer), ...customerChoice(r.pick) }));
    const kept = new Set(records.map((r) => r.id_customer));
    const gone = ids.filter((id) => !kept.has(id));
    const before: Array<{ phone: string }> = await trx(table).select('phone').whereIn('id_customer', ids).whereNotNull('phone');
    if (gone.length) await trx(table).whereIn('id_customer', gone).delete();
    for (let i = 0; i < records.length; i += 500) {
      await trx(table).insert(records.slice(i, i + 500)).onConflict('id_customer').merge();
    }
    await markShared(db, trx, [...before.map((r) => r.phone), ...records.flatMap((r) => (r.phone ? [r.phone] : []))]);
  });
}

/** Sets `shared` on every holder of these numbers from who holds them now. */
async function markShared(db: ShopDb, trx: Knex.Transaction, phones: string[]): Promise<void> {
  const table = db.ownTable('customer_phone');
  const numbers = [...new Set(phones)];
  for (let i = 0; i < numbers.length; i += 1000) {
    const chunk = numbers.slice(i, i + 1000);
    const holders = new Map<string, number>();
    for (const { phone } of await trx(table).select('phone').whereIn('phone', chunk)) holders.set(phone, (holders.get(phone) ?? 0) + 1);
    const shared = chunk.filter((p) => (holders.get(p) ?? 0) > 1);
    const alone = chunk.filter((p) => holders.get(p) === 1);
    if (shared.length) await trx(table).whereIn('phone', shared).where('shared', 0).update({ shared: 1 });
    if (alone.length) await trx(table).whereIn('phone', alone).where('shared', 1).update({ shared: 0 });
  }
}
