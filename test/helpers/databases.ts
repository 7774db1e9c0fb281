import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { connectDatabase, ShopDb } from '../../service/src/db';

/**
 * The databases integration tests run on: SQLite always; MariaDB/MySQL when reachable at
 * SHOPCAST_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306). Under CI=true MySQL is required.
 * Each call makes a fresh database (a temporary SQLite file, or a new MySQL schema) and drop()
 * removes it.
 */
export interface TestDatabase {
  db: ShopDb;
  url: string;
  drop(): Promise<void>;
}

export interface TestDialect {
  name: 'sqlite' | 'mysql';
  create(prefix?: string): Promise<TestDatabase>;
}

// A server URL: any database named in its path is ignored, every test makes its own.
const mysqlServerUrl = process.env.SHOPCAST_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306';

let mysqlReachable: Promise<string | null> | undefined;

/** null when MySQL answers, else the reason it cannot be used. */
export function mysqlUnavailableReason(): Promise<string | null> {
  mysqlReachable ??= (async () => {
    const admin = knexFactory({ client: 'mysql2', connection: serverConnection(), pool: { min: 0, max: 1 } });
    try {
      await admin.raw('SELECT 1');
      return null;
    } catch (err) {
      return `MySQL at ${redact(mysqlServerUrl)} is not reachable: ${(err as Error).message}`;
    } finally {
      await admin.destroy();
    }
  })();
  return mysqlReachable;
}

function serverConnection() {
  const u = new URL(mysqlServerUrl);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export const sqliteDialect: TestDialect = {
  name: 'sqlite',
  async create(prefix = 'ps_') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-test-'));
    const url = `sqlite:${path.join(dir, 'shop.sqlite')}`;
    const db = connectDatabase(url, prefix);
    return {
      db,
      url,
      async drop() {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const mysqlDialect: TestDialect = {
  name: 'mysql',
  async create(prefix = 'ps_') {
    const name = `shopcast_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = knexFactory({ client: 'mysql2', connection: serverConnection(), pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const base = new URL(mysqlServerUrl);
    base.pathname = `/${name}`;
    const url = base.toString();
    const db = connectDatabase(url, prefix, { strictSqlMode: true });
    return {
      db,
      url,
      async drop() {
        await db.close();
        await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.destroy();
      },
    };
  },
};

/**
 * Declares a describe block per dialect. The MySQL block skips with a visible reason when the
 * server is not reachable, except under CI=true where that is a failure.
 */
export function describeEachDialect(title: string, body: (dialect: TestDialect) => void): void {
  for (const dialect of [sqliteDialect, mysqlDialect]) {
    describe(`${title} [${dialect.name}]`, function () {
      if (dialect.name === 'mysql') {
        before(async function () {
          const reason = await mysqlUnavailableReason();
          if (!reason) return;
          if (process.env.CI === 'true') throw new Error(`${reason} (required under CI=true)`);
          console.warn(`      skipped: ${reason}`);
          this.skip();
        });
      }
      body(dialect);
    });
  }
}
