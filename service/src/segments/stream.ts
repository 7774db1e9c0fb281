import type { ShopDb } from '../db';
import type { CompiledSegment } from './compile';
import { firstHolders, withChosenNumber } from './recipients';

/** One recipient of a segment, with what message templates need. */
export interface Recipient {
  id_customer: number;
  /** E.164 */
  phone: string;
  /** ISO code of the address the number comes from */
  country: string;
  firstname: string;
  lastname: string;
  email: string;
  id_shop: number;
  id_lang: number | null;
}

type Row = Omit<Recipient, 'country'> & { country: string | null; shared: number };

/**
 * The segment's recipients in id_customer order, read directly in keyset batches (id_customer >
 * last seen, LIMIT batchSize): the preview's path, cheap for its first rows. Per batch: one query
 * for the numbered, not opted-out matched customers, one for the lowest matched holder of each of
 * their shared numbers (countRecipients' rule; a number nobody else holds is its holder's). Each
 * batch runs the criteria again, so full exports use snapshot.ts instead.
 */
export async function* streamRecipients(db: ShopDb, segment: CompiledSegment, batchSize = 1000): AsyncGenerator<Recipient> {
  let after = 0;
  for (;;) {
    const rows: Row[] = await withChosenNumber(db, segment)
      .leftJoin({ o: db.ownTable('opt_out') }, 'o.phone', 'cp.phone')
      .whereNotNull('cp.phone')
      .whereNull('o.phone')
      .where('c.id_customer', '>', after)
      .orderBy('c.id_customer')
      .limit(batchSize)
      .select('c.id_customer', 'cp.phone', 'cp.country', 'cp.shared', 'c.firstname', 'c.lastname', 'c.email', 'c.id_shop', 'c.id_lang');
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1].id_customer);
    const shared = rows.filter((r) => Number(r.shared) === 1);
    const first = await firstHolders(db, segment, [...new Set(shared.map((r) => r.phone))], after);
    for (const { shared: flag, ...row } of rows) {
      if (Number(flag) === 1 && first.get(row.phone) !== Number(row.id_customer)) continue;
      yield { ...row, id_customer: Number(row.id_customer), country: row.country ?? '', id_shop: Number(row.id_shop), id_lang: row.id_lang === null ? null : Number(row.id_lang) };
    }
    if (rows.length < batchSize) return;
  }
}
