import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import type { CompiledSegment } from './compile';
import { withChosenNumber } from './recipients';
import type { Recipient } from './stream';

/**
 * Every recipient of a segment for an export: the matched ids are written once into our
 * segment-member table (the criteria, order windows included, run once), then read in keyset
 * batches that only use primary keys and the customer-phone index. Memory stays flat; the rows
 * are deleted when the stream ends, is abandoned, or, after a crash, by the next export (runs
 * older than a day).
 */
const STALE_RUN_HOURS = 24;
const FILL_BATCH = 2000;

export async function* snapshotRecipients(db: ShopDb, segment: CompiledSegment, batchSize = 2000): AsyncGenerator<Recipient> {
  const run = await startRun(db, segment);
  try {
    let after = 0;
    for (;;) {
      // The next members by primary key first: given the whole query, MariaDB preferred a range
      // over customer_phone.phone (400k rows, 0.8 s per batch) to the member key order.
      const ids: number[] = (
        await db.knex(db.ownTable('segment_member')).pluck('id_customer').where('id_run', run).where('id_customer', '>', after).orderBy('id_customer').limit(batchSize)
      ).map(Number);
      if (ids.length === 0) return;
      for (const row of await snapshotBatch(db, run, ids[0], ids[ids.length - 1])) {
        yield { ...row, id_customer: Number(row.id_customer), country: row.country ?? '', id_shop: Number(row.id_shop), id_lang: row.id_lang === null ? null : Number(row.id_lang) };
      }
      if (ids.length < batchSize) return;
      after = ids[ids.length - 1];
    }
  } finally {
    await endRun(db, run);
  }
}

async function startRun(db: ShopDb, segment: CompiledSegment): Promise<number> {
  const runs = db.ownTable('segment_run');
  const stale = toSqlDateTime(new Date(Date.now() - STALE_RUN_HOURS * 3600_000));
  for (const id of await db.knex(runs).pluck('id_run').where('created_at', '<', stale)) await endRun(db, Number(id));
  const [run] = await db.knex(runs).insert({ created_at: toSqlDateTime(new Date()) });
  await fillMembers(db, Number(run), segment);
  return Number(run);
}

/**
 * The matched ids into the member table. On MySQL they are read by a plain SELECT, a consistent
 * read without locks, and written in batches: an INSERT ... SELECT takes shared locks on every
 * shop row it reads (REPEATABLE READ), so checkouts and customer edits waited for the whole
 * statement, seconds on a large shop. The price: 1M-customer demo, all 634k ids, 2.4 s more (an
 * export of 11.5 s instead of 9.1 s). SQLite has one connection, busy while a SELECT streams, and
 * locks the whole file for a write anyway: there one INSERT ... SELECT does it.
 */
async function fillMembers(db: ShopDb, run: number, segment: CompiledSegment): Promise<void> {
  const members = db.ownTable('segment_member');
  if (db.dialect === 'sqlite') {
    const matched = withChosenNumber(db, segment).select(db.knex.raw('? AS id_run', [run]), 'c.id_customer').toSQL();
    await db.knex.raw(`INSERT INTO ?? (id_run, id_customer) ${matched.sql}`, [members, ...(matched.bindings as Knex.Value[])]);
    return;
  }
  let batch: Array<{ id_run: number; id_customer: number }> = [];
  for await (const row of withChosenNumber(db, segment).select('c.id_customer').stream() as AsyncIterable<{ id_customer: number }>) {
    batch.push({ id_run: run, id_customer: Number(row.id_customer) });
    if (batch.length < FILL_BATCH) continue;
    await db.knex(members).insert(batch);
    batch = [];
  }
  if (batch.length) await db.knex(members).insert(batch);
}

async function endRun(db: ShopDb, run: number): Promise<void> {
  await db.knex(db.ownTable('segment_member')).where('id_run', run).delete();
  await db.knex(db.ownTable('segment_run')).where('id_run', run).delete();
}

type Row = Omit<Recipient, 'country'> & { country: string | null };

/**
 * The members with ids in [first, last] that have a number, not opted out, and hold it first: no
 * member with a lower id has the same number (the customer-phone index on phone finds the holders,
 * the member primary key says whether they are in the segment). countRecipients' rule. A number
 * whose `shared` flag is 0 has no other holder (the flag is written in the same transaction as the
 * numbers), so only shared numbers pay for that subquery (1M-customer demo, a batch of 2000
 * members of shop 1: 8 ms instead of 37 ms).
 */
function snapshotBatch(db: ShopDb, run: number, first: number, last: number): Promise<Row[]> {
  const members = db.ownTable('segment_member');
  const phones = db.ownTable('customer_phone');
  const earlierHolder = db
    .knex({ cp2: phones })
    .join({ m2: members }, 'm2.id_customer', 'cp2.id_customer')
    .where('m2.id_run', run)
    .whereRaw('cp2.phone = cp.phone')
    .whereRaw('cp2.id_customer < m.id_customer')
    .select(db.knex.raw('1'));
  return db
    .knex({ m: members })
    .join({ c: db.shopTable('customer') }, 'c.id_customer', 'm.id_customer')
    .join({ cp: phones }, 'cp.id_customer', 'm.id_customer')
    .leftJoin({ o: db.ownTable('opt_out') }, 'o.phone', 'cp.phone')
    .where('m.id_run', run)
    .whereBetween('m.id_customer', [first, last])
    .whereNotNull('cp.phone')
    .whereNull('o.phone')
    .where((q) => q.where('cp.shared', 0).orWhereNotExists(earlierHolder))
    .orderBy('m.id_customer')
    .select('m.id_customer', 'cp.phone', 'cp.country', 'c.firstname', 'c.lastname', 'c.email', 'c.id_shop', 'c.id_lang');
}
