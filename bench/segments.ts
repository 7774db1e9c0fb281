/**
 * Segment counts on a demo shop in MariaDB: five representative segments counted by Shopcast (one
 * query: matched, reachable, drops) side by side with the straightforward approach other modules
 * use (one correlated subquery per customer per aggregate, matched customers only), each with and
 * without the optional orders and customer indexes; the address-phone cache's first fill and its date_upd sweep
 * with and without the optional address index; memory while streaming every recipient. One chosen
 * number in 50 is put on the opt-out list first, so counts pay for the opt-out lookups as a real
 * shop's would.
 *
 * Run: npx tsx bench/segments.ts [--customers N] [--db NAME] [--keep] [--counts-only]
 *   --customers  demo size when the database has no shop yet (default 1000000, about 3M orders)
 *   --db         reuse (or create) this database instead of a temporary one; never dropped
 *   --keep       keep the temporary database for another run
 *   --counts-only  only the counts table (re-measuring a kept database after a query change)
 * Server: SHOPCAST_BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306). Prints only.
 */
import crypto from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { connectDatabase, migrate, ShopDb } from '../service/src/db';
import { countSegment, refreshAddressPhones, segmentRecipients } from '../service/src/segments';
import { lastMonths, shopClock } from '../service/src/segments/dates';
import { createDemoShop, hasDemoShop } from '../service/src/shop';

const server = new URL(process.env.SHOPCAST_BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const ORDERS_INDEX = 'shopcast_customer_valid_date';
const ADDRESS_INDEX = 'shopcast_date_upd';
const CUSTOMER_INDEX = 'shopcast_customer_base';
const RUNS = 3;

/** Window starts of the last 3, 6 and 12 months and the day a year ago, on the shop clock. */
interface Bounds {
  m3: string;
  m6: string;
  m12: string;
  day: string;
}

interface Case {
  name: string;
  criteria: (b: Bounds) => unknown[];
  /** the same segment as other modules write it: a WHERE on customer c, correlated subqueries */
  naive: (t: (name: string) => string, b: Bounds) => [string, string[]];
}

const cases: Case[] = [
  { name: 'newsletter subscribers', criteria: () => [{ field: 'newsletter', value: true }], naive: () => ['c.newsletter = 1', []] },
  {
    name: 'orders_total > 100 EUR over 6 months + country FR + newsletter',
    criteria: () => [{ field: 'orders_total', op: '>', value: 100, months: 6 }, { field: 'country', in: ['FR'] }, { field: 'newsletter', value: true }],
    naive: (t, b) => [
      `c.newsletter = 1 AND (SELECT COALESCE(SUM(o.total_paid_tax_incl / o.conversion_rate), 0) FROM ${t('orders')} o WHERE o.id_customer = c.id_customer AND o.valid = 1 AND o.date_add >= ?) > 100` +
        ` AND EXISTS (SELECT 1 FROM ${t('address')} a JOIN ${t('country')} co ON co.id_country = a.id_country WHERE a.id_customer = c.id_customer AND a.deleted = 0 AND co.iso_code = 'FR')`,
      [b.m6],
    ],
  },
  {
    name: 'more than 2 orders over 12 months',
    criteria: () => [{ field: 'orders_count', op: '>', value: 2, months: 12 }],
    naive: (t, b) => [`(SELECT COUNT(*) FROM ${t('orders')} o WHERE o.id_customer = c.id_customer AND o.valid = 1 AND o.date_add >= ?) > 2`, [b.m12]],
  },
  {
    name: 'last order within 3 months + group Customer',
    criteria: () => [{ field: 'last_order', withinMonths: 3 }, { field: 'group', in: [3] }],
    naive: (t, b) => [
      `(SELECT MAX(o.date_add) FROM ${t('orders')} o WHERE o.id_customer = c.id_customer AND o.valid = 1) >= ?` +
        ` AND EXISTS (SELECT 1 FROM ${t('customer_group')} g WHERE g.id_customer = c.id_customer AND g.id_group = 3)`,
      [b.m3],
    ],
  },
  {
    name: 'no order over 12 months, registered before a year ago (0 counts)',
    criteria: (b) => [{ field: 'orders_count', op: '=', value: 0, months: 12 }, { field: 'registered', op: 'before', date: b.day }],
    naive: (t, b) => [`(SELECT COUNT(*) FROM ${t('orders')} o WHERE o.id_customer = c.id_customer AND o.valid = 1 AND o.date_add >= ?) = 0 AND c.date_add < ?`, [b.m12, b.day]],
  },
];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Median of RUNS runs after one warm-up, so every approach reads a warm buffer pool. */
async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(work)).seconds);
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function openShop(admin: Knex): Promise<{ db: ShopDb; name: string; temporary: boolean }> {
  const name = option('db') ?? `shopcast_bench_segments_${crypto.randomBytes(4).toString('hex')}`;
  await admin.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const db = connectDatabase(url.toString(), 'ps_', { strictSqlMode: true });
  if (!(await hasDemoShop(db))) {
    const customers = Number(option('customers') ?? 1_000_000);
    console.log(`generating a demo shop of ${customers} customers in ${name}...`);
    const summary = await createDemoShop(db, { customers, seed: 1 });
    console.log(`  ${summary.customers} customers, ${summary.addresses} addresses, ${summary.orders} orders in ${summary.seconds.toFixed(0)} s`);
  }
  await migrate(db);
  return { db, name, temporary: option('db') === undefined };
}

async function withIndex<T>(db: ShopDb, table: string, index: string, columns: string, work: () => Promise<T>): Promise<T> {
  await db.knex.raw(`CREATE INDEX \`${index}\` ON \`${db.shopTable(table)}\` (${columns})`);
  try {
    return await work();
  } finally {
    await db.knex.raw(`DROP INDEX \`${index}\` ON \`${db.shopTable(table)}\``);
  }
}

async function benchCache(db: ShopDb): Promise<void> {
  const zone = 'Europe/Paris';
  const cached = Number((await db.knex(db.ownTable('address_phone')).count({ n: '*' }))[0].n);
  console.log('\n## Address-phone cache\n');
  console.log('| step | seconds | notes |\n|---|---:|---|');
  if (cached === 0) {
    const fill = await timed(() => refreshAddressPhones(db, { zone }));
    console.log(`| first fill (parse every address) | ${fill.seconds.toFixed(1)} | ${fill.value.added} addresses, ${Math.round(fill.value.added / fill.seconds)}/s |`);
  }
  const sweep = () => refreshAddressPhones(db, { zone, sweepEverySeconds: 0 });
  const plain = await median(sweep);
  console.log(`| changed-address sweep, PrestaShop indexes | ${plain.toFixed(3)} | full scan of address (no date_upd index) |`);
  const indexed = await withIndex(db, 'address', ADDRESS_INDEX, '`date_upd`', () => median(sweep));
  console.log(`| changed-address sweep, optional index address(date_upd) | ${indexed.toFixed(3)} | ${(plain / indexed).toFixed(0)}x faster |`);
}

/**
 * One chosen number in 50 on the opt-out list (source 'bench', replaced on every run), like a shop
 * after a few years of STOP replies, so the counts pay for their opt-out lookups.
 */
async function listOptOuts(db: ShopDb): Promise<number> {
  await refreshAddressPhones(db, { zone: 'Europe/Paris', sweepEverySeconds: 86400 });
  const table = db.ownTable('opt_out');
  await db.knex(table).where('source', 'bench').delete();
  await db.knex.raw(
    "INSERT IGNORE INTO ?? (phone, source, created_at) SELECT DISTINCT phone, 'bench', '2026-01-01 00:00:00' FROM ?? WHERE phone IS NOT NULL AND MOD(id_customer, 50) = 0",
    [table, db.ownTable('customer_phone')],
  );
  return Number((await db.knex(table).count({ n: '*' }))[0].n);
}

async function naiveCount(db: ShopDb, c: Case, bound: Bounds): Promise<number> {
  const [where, bindings] = c.naive((name) => `\`${db.shopTable(name)}\``, bound);
  const rows = await db.knex.raw(
    `SELECT COUNT(*) AS n FROM \`${db.shopTable('customer')}\` c WHERE c.deleted = 0 AND c.active = 1 AND c.id_shop IN (1) AND ${where}`,
    bindings,
  );
  return Number(rows[0][0].n);
}

async function benchCounts(db: ShopDb): Promise<void> {
  const now = new Date();
  const clock = shopClock(now, 'Europe/Paris');
  const bound: Bounds = { m3: lastMonths(clock, 3).from!, m6: lastMonths(clock, 6).from!, m12: lastMonths(clock, 12).from!, day: clock.wall.minus({ years: 1 }).toFormat('yyyy-MM-dd') };
  const segment = (c: Case) => ({ shops: [1], criteria: c.criteria(bound) });
  const ours = (c: Case) => () => countSegment(db, segment(c), { at: now, sweepEverySeconds: 86400 });
  const rows: string[] = [];
  const results = new Map<string, { ours: number; naive: number; matched: number; reachable: number }>();
  for (const c of cases) {
    const count = await ours(c)();
    results.set(c.name, { ours: await median(ours(c)), naive: await median(() => naiveCount(db, c, bound)), matched: count.matched, reachable: count.reachable });
  }
  const optional = (work: () => Promise<void>) =>
    withIndex(db, 'orders', ORDERS_INDEX, '`id_customer`, `valid`, `date_add`, `total_paid_tax_incl`, `conversion_rate`', () =>
      withIndex(db, 'customer', CUSTOMER_INDEX, '`id_shop`, `deleted`, `active`, `newsletter`, `optin`, `date_add`', work),
    );
  await optional(async () => {
    for (const c of cases) {
      const r = results.get(c.name)!;
      const [oursIx, naiveIx] = [await median(ours(c)), await median(() => naiveCount(db, c, bound))];
      rows.push(`| ${c.name} | ${r.matched} | ${r.reachable} | ${r.ours.toFixed(3)} | ${r.naive.toFixed(3)} | ${(r.naive / r.ours).toFixed(1)}x | ${oursIx.toFixed(3)} | ${naiveIx.toFixed(3)} | ${(naiveIx / oursIx).toFixed(1)}x |`);
    }
  });
  console.log('\n## Counts (median of 3 warm runs, seconds)\n');
  console.log('| segment | matched | reachable | Shopcast | correlated subqueries | ratio | Shopcast + optional indexes | subqueries + optional indexes | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

async function streamAll(db: ShopDb, criteria: unknown[], every: number): Promise<{ total: number; seconds: number; samples: number[][] }> {
  const samples: number[][] = [];
  const { value: total, seconds } = await timed(async () => {
    let n = 0;
    let last = 0;
    for await (const r of await segmentRecipients(db, { shops: [1], criteria }, { sweepEverySeconds: 86400 })) {
      if (r.id_customer <= last) throw new Error('recipients out of id order');
      last = r.id_customer;
      n += 1;
      if (n % every === 0) samples.push([n, process.memoryUsage().heapUsed, process.memoryUsage().rss]);
    }
    return n;
  });
  return { total, seconds, samples };
}

async function benchStream(db: ShopDb): Promise<void> {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const all = await streamAll(db, [], 100_000);
  console.log(`\n## Streaming every recipient of shop 1 (snapshot, batches of 2000)\n\n${all.total} recipients in ${all.seconds.toFixed(1)} s (${Math.round(all.total / all.seconds)}/s)\n`);
  console.log('| recipients read | heap used (MB) | rss (MB) |\n|---:|---:|---:|');
  for (const [n, heap, rss] of all.samples) console.log(`| ${n} | ${mb(heap)} | ${mb(rss)} |`);
  const window = await streamAll(db, [{ field: 'orders_total', op: '>', value: 100, months: 6 }], 1e9);
  console.log(`\nWith an order window (orders_total > 100 over 6 months): ${window.total} recipients in ${window.seconds.toFixed(1)} s`);
}

async function main(): Promise<void> {
  const admin = knexFactory({ client: 'mysql2', connection: { host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username) || 'root', password: decodeURIComponent(server.password) } });
  const { db, name, temporary } = await openShop(admin);
  try {
    const [pool] = (await db.knex.raw('SELECT @@version AS v, @@innodb_buffer_pool_size AS pool'))[0];
    const size = (table: string) => db.knex(db.shopTable(table)).count({ n: '*' }).then((r) => Number(r[0].n));
    console.log(`# Segments on ${pool.v}, buffer pool ${Number(pool.pool) / 1024 / 1024} MB: ${await size('customer')} customers, ${await size('address')} addresses, ${await size('orders')} orders`);
    if (!flag('counts-only')) await benchCache(db);
    console.log(`\n${await listOptOuts(db)} numbers on the opt-out list (one chosen number in 50)`);
    await benchCounts(db);
    if (!flag('counts-only')) await benchStream(db);
  } finally {
    await db.close();
    if (temporary && !flag('keep')) await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
