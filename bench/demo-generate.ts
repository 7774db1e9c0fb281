/**
 * How fast the demo shop fills a database: generation alone, then SQLite and MariaDB side by side
 * with the batched multi-row writer, then single-row inserts against the batched writer on a small
 * shop for the ratio. Each run writes a fresh database (a temporary SQLite file, a temporary MySQL
 * schema at SHOPCAST_BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306) and removes it after.
 * Run: npx tsx bench/demo-generate.ts [customers] [small]   (defaults 100000 and 2000; prints only)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { connectDatabase, type ShopDb } from '../service/src/db';
import { createDemoShop } from '../service/src/shop';
import { generateDemoRows } from '../service/src/shop/demo/generate';
import { wallClockOf } from '../service/src/shop/demo/clock';

const mysqlServer = process.env.SHOPCAST_BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
const NOW = new Date('2025-06-15T10:00:00Z');

interface Measure {
  target: string;
  customers: number;
  rows: number;
  seconds: number;
}

function generationOnly(customers: number): Measure {
  const started = performance.now();
  let rows = 0;
  for (const chunk of generateDemoRows({ customers, seed: 1, now: wallClockOf(NOW) })) {
    for (const [, tableRows] of chunk.tables) rows += tableRows.length;
  }
  return { target: 'generation only (no database)', customers, rows, seconds: (performance.now() - started) / 1000 };
}

/** A fresh database for one run, and how to remove it. */
async function freshDatabase(dialect: 'sqlite' | 'mysql'): Promise<{ db: ShopDb; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-bench-'));
    const db = connectDatabase(`sqlite:${path.join(dir, 'shop.sqlite')}`, 'ps_');
    return { db, drop: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `shopcast_bench_${crypto.randomBytes(4).toString('hex')}`;
  const server = new URL(mysqlServer);
  const admin = knexFactory({ client: 'mysql2', connection: { host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username) || 'root', password: decodeURIComponent(server.password) } });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  server.pathname = `/${name}`;
  const db = connectDatabase(server.toString(), 'ps_');
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}

async function load(dialect: 'sqlite' | 'mysql', customers: number, rowsPerStatement?: number): Promise<Measure> {
  const { db, drop } = await freshDatabase(dialect);
  try {
    const summary = await createDemoShop(db, { customers, seed: 1, now: NOW, rowsPerStatement });
    const label = `${dialect === 'sqlite' ? 'SQLite' : 'MariaDB'}, ${rowsPerStatement === 1 ? 'single-row inserts' : 'batched inserts'}`;
    return { target: label, customers, rows: summary.rows, seconds: summary.seconds };
  } finally {
    await drop();
  }
}

function print(title: string, measures: Measure[], base?: Measure): void {
  console.log(`\n${title}\n`);
  console.log(`| target | customers | rows | seconds | rows/s | customers/s${base ? ' | vs single-row' : ''} |`);
  console.log(`|---|---:|---:|---:|---:|---:|${base ? '---:|' : ''}`);
  for (const m of measures) {
    const ratio = base ? ` | ${(base.seconds / m.seconds).toFixed(1)}x` : '';
    const perSecond = (n: number) => Math.round(n / m.seconds).toLocaleString('en');
    console.log(`| ${m.target} | ${m.customers.toLocaleString('en')} | ${m.rows.toLocaleString('en')} | ${m.seconds.toFixed(1)} | ${perSecond(m.rows)} | ${perSecond(m.customers)}${ratio} |`);
  }
}

async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? 100_000);
  const small = Number(process.argv[3] ?? 2_000);
  console.log(`demo shop generation (node ${process.version}, ${os.cpus().length} CPUs)`);
  print(`${customers.toLocaleString('en')} customers`, [generationOnly(customers), await load('sqlite', customers), await load('mysql', customers)]);
  for (const dialect of ['sqlite', 'mysql'] as const) {
    const single = await load(dialect, small, 1);
    print(`${dialect === 'sqlite' ? 'SQLite' : 'MariaDB'}: single-row against batched inserts`, [single, await load(dialect, small)], single);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
