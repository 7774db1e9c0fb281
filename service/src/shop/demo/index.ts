import fs from 'node:fs';
import path from 'node:path';
import { applySqlFile, type ShopDb } from '../../db';
import { ShopcastError } from '../../errors';
import { projectRoot } from '../../paths';
import { formatDateTime, wallClockOf } from './clock';
import { generateDemoRows } from './generate';
import { deferIndexes } from './indexes';
import { DEMO_MARKER, referenceTables, type TableRows } from './reference-data';
import { openRowWriter } from './write';

export interface DemoShopOptions {
  customers: number;
  seed: number;
  /** The instant the demo is generated "at" (default: now); read on the Europe/Paris clock. */
  now?: Date;
  /** Drop and recreate the demo's PrestaShop tables; refused unless the demo created them. */
  reset?: boolean;
  /** Rows per INSERT statement; only benchmarks change it. */
  rowsPerStatement?: number;
  onProgress?(progress: DemoProgress): void;
}

export interface DemoProgress {
  /** rows: inserting (customersDone moves); indexes: all rows in, secondary indexes being built. */
  phase: 'rows' | 'indexes';
  customersDone: number;
  customers: number;
  rows: number;
  seconds: number;
}

export interface DemoShopSummary {
  customers: number;
  addresses: number;
  orders: number;
  orderHistory: number;
  rows: number;
  seconds: number;
}

// Customers per generated chunk. MySQL: small chunks hand control back to the event loop often,
// so queued statements keep the server busy while the next rows are computed. SQLite: one
// transaction per chunk, so larger chunks mean fewer commits.
const CHUNK_SIZE = { mysql: 200, sqlite: 2000 };
// The tables that grow with the number of customers; the others hold a few fixed rows.
const BULK_TABLES = ['customer', 'customer_group', 'address', 'orders', 'order_history', 'order_carrier'];

export function demoSchemaFile(): string {
  return path.join(projectRoot(), 'sql', 'demo', 'prestashop.sql');
}

/** The unprefixed names of the tables sql/demo/prestashop.sql creates, in file order. */
export function demoTableNames(): string[] {
  const sql = fs.readFileSync(demoSchemaFile(), 'utf8');
  return [...sql.matchAll(/CREATE TABLE IF NOT EXISTS `PREFIX_(\w+)`/g)].map((m) => m[1]);
}

/** True when this database's shop tables were created by `shopcast demo` (SHOPCAST_DEMO = 1). */
export async function hasDemoShop(db: ShopDb): Promise<boolean> {
  const table = db.shopTable('configuration');
  if (!(await db.knex.schema.hasTable(table))) return false;
  const row = await db.knex(table).where({ name: DEMO_MARKER, value: '1' }).whereNull('id_shop').first('id_configuration');
  return row !== undefined;
}

/**
 * Creates the demo shop: PrestaShop tables under the database's prefix, then a deterministic
 * population (same seed, size and `now` give identical rows on either dialect). Refuses a
 * database that already has PrestaShop tables unless `reset` is set, and refuses `reset` on a
 * database the demo did not create. Writes only the tables of sql/demo/prestashop.sql. If it
 * fails half-way, the tables are left incomplete (possibly without their secondary indexes):
 * run it again with `reset`.
 */
export async function createDemoShop(db: ShopDb, options: DemoShopOptions): Promise<DemoShopSummary> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  await prepareTarget(db, options.reset ?? false);
  await applySqlFile(db, demoSchemaFile());
  const rebuildIndexes = await deferIndexes(db, BULK_TABLES);
  const totals = await writeRows(db, options, seconds);
  options.onProgress?.({ phase: 'indexes', customersDone: options.customers, customers: options.customers, rows: totals.rows, seconds: seconds() });
  await rebuildIndexes();
  return { customers: totals.customer, addresses: totals.address, orders: totals.orders, orderHistory: totals.order_history, rows: totals.rows, seconds: seconds() };
}

async function writeRows(db: ShopDb, options: DemoShopOptions, seconds: () => number) {
  const totals = { customer: 0, address: 0, orders: 0, order_history: 0, rows: 0 };
  const count = (tables: TableRows[]) => {
    for (const [table, rows] of tables) {
      if (table in totals) totals[table as keyof typeof totals] += rows.length;
      totals.rows += rows.length;
    }
  };
  const now = wallClockOf(options.now ?? new Date());
  const writer = await openRowWriter(db, { rowsPerStatement: options.rowsPerStatement });
  try {
    const reference = referenceTables(formatDateTime(now), options.seed);
    await writer.write(reference);
    count(reference);
    const chunkSize = CHUNK_SIZE[db.dialect];
    for (const chunk of generateDemoRows({ customers: options.customers, seed: options.seed, now, chunkSize })) {
      await writer.write(chunk.tables);
      count(chunk.tables);
      options.onProgress?.({ phase: 'rows', customersDone: chunk.customersDone, customers: options.customers, rows: totals.rows, seconds: seconds() });
    }
    await writer.flush();
  } finally {
    await writer.close();
  }
  return totals;
}

async function presentTables(db: ShopDb): Promise<string[]> {
  const present: string[] = [];
  for (const name of demoTableNames()) if (await db.knex.schema.hasTable(db.shopTable(name))) present.push(name);
  return present;
}

async function prepareTarget(db: ShopDb, reset: boolean): Promise<void> {
  const present = await presentTables(db);
  if (present.length === 0) return;
  if (!reset) {
    const customers = present.includes('customer') ? Number((await db.knex(db.shopTable('customer')).count({ n: '*' }))[0].n) : 0;
    throw new ShopcastError(
      'conflict',
      customers > 0
        ? `the database already has ${customers} customers under prefix "${db.prefix}"; use --reset to regenerate a demo shop`
        : `the database already has PrestaShop tables under prefix "${db.prefix}"; use --reset to regenerate a demo shop`,
      { customers, prefix: db.prefix },
    );
  }
  if (!(await hasDemoShop(db))) {
    throw new ShopcastError(
      'conflict',
      `refusing to reset: the PrestaShop tables under prefix "${db.prefix}" were not created by shopcast demo (no ${DEMO_MARKER} configuration row)`,
      { prefix: db.prefix },
    );
  }
  for (const name of present) await db.knex.schema.dropTable(db.shopTable(name));
  // Shopcast's caches of shop data would describe the old addresses under reused ids.
  for (const cache of ['address_phone', 'customer_phone', 'sync_state']) {
    if (await db.knex.schema.hasTable(db.ownTable(cache))) await db.knex(db.ownTable(cache)).delete();
  }
}
