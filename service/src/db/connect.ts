import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { ShopcastError } from '../errors';

export type Dialect = 'mysql' | 'sqlite';

/** A connection to the shop's database plus the table prefix shared by PrestaShop and us. */
export interface ShopDb {
  knex: Knex;
  dialect: Dialect;
  prefix: string;
  /** PrestaShop table name with the live prefix: shopTable('customer') -> 'ps_customer'. */
  shopTable(name: string): string;
  /** Shopcast's own table: ownTable('campaign') -> 'ps_shopcast_campaign'. */
  ownTable(name: string): string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Adds ONLY_FULL_GROUP_BY and strict mode on every MySQL session (tests use it). */
  strictSqlMode?: boolean;
  poolMax?: number;
}

/** Session sql_mode used by tests: what the strictest production servers run. */
export const STRICT_SQL_MODE =
  'STRICT_TRANS_TABLES,ONLY_FULL_GROUP_BY,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

const tableName = /^[a-z][a-z0-9_]*$/;

export function prefixedTable(prefix: string, name: string): string {
  if (!tableName.test(name)) throw new Error(`invalid table name ${JSON.stringify(name)}`);
  return `${prefix}${name}`;
}

/** Opens SHOPCAST_DB_URL-style URLs: mysql://user:pass@host:port/db or sqlite:path. */
export function connectDatabase(url: string, prefix: string, options: ConnectOptions = {}): ShopDb {
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) {
    throw new ShopcastError('invalid_config', `invalid table prefix ${JSON.stringify(prefix)}`);
  }
  const { knex, dialect } = url.startsWith('sqlite:') ? openSqlite(url) : openMysql(url, options);
  return {
    knex,
    dialect,
    prefix,
    shopTable: (name) => prefixedTable(prefix, name),
    ownTable: (name) => prefixedTable(prefix, `shopcast_${name}`),
    close: () => knex.destroy(),
  };
}

function openSqlite(url: string): { knex: Knex; dialect: Dialect } {
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        // WAL lets readers go on while the runner writes; busy_timeout rides out short locks.
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
  return { knex, dialect: 'sqlite' };
}

function openMysql(url: string, options: ConnectOptions): { knex: Knex; dialect: Dialect } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ShopcastError('invalid_config', 'SHOPCAST_DB_URL: not a valid mysql:// URL');
  }
  if (parsed.protocol !== 'mysql:') {
    throw new ShopcastError('invalid_config', 'SHOPCAST_DB_URL: expected mysql:// or sqlite:');
  }
  const knex = knexFactory({
    client: 'mysql2',
    connection: {
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
      charset: 'utf8mb4',
      // Strings both ways: dates are shop wall-clock times, decimals are money; neither may be
      // reinterpreted by the driver's time zone or turned into binary floats.
      dateStrings: true,
      decimalNumbers: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      timezone: 'Z',
    },
    pool: {
      min: 0,
      max: options.poolMax ?? 20,
      afterCreate(conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        if (!options.strictSqlMode) return done(null, conn);
        conn.query(`SET SESSION sql_mode = '${STRICT_SQL_MODE}'`, (err) => done(err, conn));
      },
    },
  });
  return { knex, dialect: 'mysql' };
}
