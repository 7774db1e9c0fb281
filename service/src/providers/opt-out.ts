import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { fromProviderNumber } from './formats';
import type { SmsProvider } from './types';

/**
 * The provider's blacklist (numbers that replied STOP, or were blacklisted by hand) copied into
 * our opt-out table with source 'provider', so segment counts leave them out in SQL. Idempotent:
 * numbers already there (from any source) are left as they are. Nothing is ever removed here: a
 * number leaving the provider's list must not silently become reachable for marketing again.
 */
export interface OptOutImport {
  /** numbers in the provider's list */
  read: number;
  /** numbers new to our table */
  added: number;
  /** entries that are not phone numbers we can store */
  skipped: number;
}

const CHUNK = 500;

export async function importOptOuts(db: ShopDb, provider: SmsProvider): Promise<OptOutImport> {
  const listed = await provider.readBlacklist();
  const parsed = listed.map((p) => fromProviderNumber(p));
  const phones = [...new Set(parsed.filter((p): p is string => p !== null))];
  const table = db.ownTable('opt_out');
  let added = 0;
  for (let i = 0; i < phones.length; i += CHUNK) {
    const chunk = phones.slice(i, i + CHUNK);
    const known = new Set((await db.knex(table).select('phone').whereIn('phone', chunk)).map((r: { phone: string }) => r.phone));
    const fresh = chunk.filter((p) => !known.has(p));
    if (fresh.length === 0) continue;
    const createdAt = toSqlDateTime(new Date());
    added += await insertIgnoring(db, table, fresh.map((phone) => ({ phone, source: 'provider', created_at: createdAt })));
  }
  return { read: listed.length, added, skipped: parsed.filter((p) => p === null).length };
}

/**
 * Inserts rows, skipping those whose key exists, and returns how many went in. Another instance
 * importing at the same moment may insert a number between our read and our insert: the ignore
 * keeps that from failing us, and the driver's count (run raw, as knex's insert hides it) keeps
 * such a number from being counted twice.
 */
async function insertIgnoring(db: ShopDb, table: string, rows: Array<Record<string, unknown>>): Promise<number> {
  const { sql, bindings } = db.knex(table).insert(rows).onConflict('phone').ignore().toSQL().toNative();
  const result = await db.knex.raw(sql, bindings as readonly unknown[] as never);
  // mysql2 answers [ResultSetHeader, fields]; better-sqlite3 answers { changes }.
  return db.dialect === 'mysql' ? Number(result[0].affectedRows) : Number(result.changes);
}

/** The sync_state row that records the last import (sql/002_segments.sql): one per database. */
const RUN_ROW = 'opt_out_import';

/**
 * Claims the import for this instance unless one started within `withinMs`, in one conditional
 * UPDATE, so of several instances sharing the database (each with its own cron, each starting)
 * one imports and the others skip. Returns a release that gives the claim back when the run
 * failed, so the next start or tick tries again, or null when another run is recent.
 */
export async function claimOptOutImport(db: ShopDb, instance: string, withinMs: number, now = new Date()): Promise<{ release(): Promise<void> } | null> {
  const table = db.ownTable('sync_state');
  const never = '1970-01-01 00:00:00';
  await db.knex(table).insert({ name: RUN_ROW, value: null, updated_at: never }).onConflict('name').ignore();
  const before = await db.knex(table).where({ name: RUN_ROW }).first('updated_at');
  const previous = String(before?.updated_at ?? never).slice(0, 19);
  const claimedAt = toSqlDateTime(now);
  const claimed = await db
    .knex(table)
    .where({ name: RUN_ROW })
    .where('updated_at', '<=', toSqlDateTime(new Date(now.getTime() - withinMs)))
    .update({ value: instance.slice(0, 255), updated_at: claimedAt });
  if (claimed === 0) return null;
  return {
    release: async () => {
      await db.knex(table).where({ name: RUN_ROW, value: instance.slice(0, 255), updated_at: claimedAt }).update({ updated_at: previous });
    },
  };
}


/**
 * An import someone asked for (the HTTP endpoint, the CLI): it always runs, and counts as the
 * latest run, so the start-up and daily imports that follow soon after skip.
 */
export async function importOptOutsNow(db: ShopDb, provider: SmsProvider, by: string): Promise<OptOutImport> {
  // null only when another instance's clock is ahead of ours: import anyway, unrecorded.
  const claim = await claimOptOutImport(db, by, 0);
  try {
    return await importOptOuts(db, provider);
  } catch (err) {
    await claim?.release();
    throw err;
  }
}
