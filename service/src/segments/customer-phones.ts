import type { ShopDb } from '../db';
import { customerChoice } from './reachability';

/**
 * The customer-phone table: each customer's chosen number, recomputed from the address-phone
 * cache for the customers whose addresses the refresh touched. MAX(pick_key) over the customer's
 * live addresses (deleted = 0, still theirs) is the newest address with a mobile number, or the
 * most telling drop reason; a customer without any live address gets no row (no_number).
 */
export async function recomputeCustomers(db: ShopDb, ids: Iterable<number>): Promise<void> {
  const all = [...new Set(ids)].filter((id) => id > 0);
  for (let i = 0; i < all.length; i += 1000) await recomputeChunk(db, all.slice(i, i + 1000));
}

async function recomputeChunk(db: ShopDb, ids: number[]): Promise<void> {
  // One grouped read over the (id_customer, pick_key) index and the address primary key.
  const rows: Array<{ id_customer: number; pick: string | null }> = await db
    .knex({ ap: db.ownTable('address_phone') })
    .join({ a: db.shopTable('address') }, function () {
      this.on('a.id_address', 'ap.id_address').andOn('a.id_customer', 'ap.id_customer');
    })
    .select('ap.id_customer')
    .max({ pick: 'ap.pick_key' })
    .whereIn('ap.id_customer', ids)
    .where('a.deleted', 0)
    .groupBy('ap.id_customer');
  const table = db.ownTable('customer_phone');
  const records = rows.map((r) => ({ id_customer: Number(r.id_customer), ...customerChoice(r.pick) }));
  const kept = new Set(records.map((r) => r.id_customer));
  const gone = ids.filter((id) => !kept.has(id));
  await db.knex.transaction(async (trx) => {
    if (gone.length) await trx(table).whereIn('id_customer', gone).delete();
    for (let i = 0; i < records.length; i += 500) {
      await trx(table).insert(records.slice(i, i + 500)).onConflict('id_customer').merge();
    }
  });
}
