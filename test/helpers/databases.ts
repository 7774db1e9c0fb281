import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { connectDatabase, ShopDb } from '../../service/src/db';

/**
 * The databases integration tests run on: SQLite always; MariaDB/MySQL when reachable at
 * SHOPCAST_TEST_MYSQL_URL, else at the URL scripts/ensure/20-mariadb.sh left in the URL file (a
 * test user it made where root logs in only through the socket), else mysql://root@127.0.0.1:3306.
 * Under CI=true MySQL is required. Each call makes a fresh database (a temporary SQLite file, or a
 * new MySQL schema named shopcast_test_<unix seconds>_...) and drop() removes it; databases a
 * crashed run left behind are dropped once they are STALE_HOURS old.
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

/** Where 20-mariadb.sh writes the test user's URL (each ensure step runs in a shell of its own). */
export const TEST_URL_FILE = process.env.SHOPCAST_TEST_URL_FILE || path.join(__dirname, '..', '..', 'node_modules', '.cache', 'shopcast', 'test-mysql-url');

function urlFromFile(): string | undefined {
  try {
    return fs.readFileSync(TEST_URL_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

// A server URL: any database named in its path is ignored, every test makes its own.
const mysqlServerUrl = process.env.SHOPCAST_TEST_MYSQL_URL || urlFromFile() || 'mysql://root@127.0.0.1:3306';

/** Older than this, a test database is a crashed run's: no test file runs for hours. */
export const STALE_HOURS = 6;
const PREFIX = 'shopcast_test_';

/** A database name that says when it was made, so a later run can tell a stale one from a live one. */
export function testDatabaseName(now = Date.now()): string {
  return `${PREFIX}${Math.floor(now / 1000)}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * The shopcast_test_* databases to drop: timestamped names older than STALE_HOURS. Names from
 * before the timestamp (shopcast_test_<pid>_<hex>) are judged by `legacyStale`, their newest
 * table's age as the server reads it. Concurrent runs' databases are younger, never listed.
 */
export function staleDatabases(names: string[], legacyStale: ReadonlySet<string>, now = Date.now()): string[] {
  const cutoff = Math.floor(now / 1000) - STALE_HOURS * 3600;
  return names.filter((name) => {
    const stamped = /^shopcast_test_(\d{10})_\d+_[0-9a-f]{8}$/.exec(name);
    if (stamped) return Number(stamped[1]) < cutoff;
    return /^shopcast_test_\d+_[0-9a-f]{8}$/.test(name) && legacyStale.has(name);
  });
}

/** Drops the test databases crashed runs left on the server and names them. */
export async function dropStaleDatabases(): Promise<string[]> {
  const admin = knexFactory({ client: 'mysql2', connection: serverConnection(), pool: { min: 0, max: 1 } });
  try {
    const [schemas] = await admin.raw("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'shopcast\\_test\\_%'");
    const [legacy] = await admin.raw(
      "SELECT table_schema AS name FROM information_schema.tables WHERE table_schema LIKE 'shopcast\\_test\\_%' GROUP BY table_schema HAVING MAX(create_time) < NOW() - INTERVAL ? HOUR",
      [STALE_HOURS],
    );
    const names = (schemas as Array<{ name: string }>).map((r) => r.name);
    const stale = staleDatabases(names, new Set((legacy as Array<{ name: string }>).map((r) => r.name)));
    for (const name of stale) await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    return stale;
  } finally {
    await admin.destroy();
  }
}

let swept: Promise<unknown> | undefined;

/** Once per process, before the first MySQL database is made. */
function sweepStaleDatabases(): Promise<unknown> {
  swept ??= dropStaleDatabases();
  return swept;
}

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
    await sweepStaleDatabases();
    const name = testDatabaseName();
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
