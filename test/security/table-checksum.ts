import crypto from 'node:crypto';
import type { ShopDb } from '../../service/src/db';

/** The names of Shopcast's own tables in this database (prefix + shopcast_), sorted. */
async function ownTables(db: ShopDb): Promise<string[]> {
  const prefix = `${db.prefix}shopcast_`;
  const names: string[] =
    db.dialect === 'sqlite'
      ? (await db.knex.raw("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r: { name: string }) => r.name)
      : (await db.knex.raw('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()'))[0].map((r: { name: string }) => r.name);
  return names.filter((n) => n.startsWith(prefix)).sort();
}

/**
 * Caches the running service refreshes on its own timer (the address-phone sweep, the opt-out
 * import's checkpoint): a test of an assembled app cannot tell a request's write from the
 * timer's there, so it leaves them out. Nothing a caller asks for is stored in them.
 */
export const BACKGROUND_TABLES = ['address_phone', 'customer_phone', 'sync_state'];

/**
 * A sha256 per table of every row of Shopcast's own tables, so a test can prove that a refused
 * request or command changed nothing: not only no new row, no changed value either. Rows are
 * sorted by their JSON, so the order a database returns them in does not matter.
 */
export async function ownTablesChecksum(db: ShopDb, options: { skip?: string[] } = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const skipped = new Set((options.skip ?? []).map((name) => db.ownTable(name)));
  for (const table of (await ownTables(db)).filter((t) => !skipped.has(t))) {
    const rows = (await db.knex(table).select('*')).map((r) => JSON.stringify(r)).sort();
    out[table] = `${rows.length}:${crypto.createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}
