import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ShopcastError } from '../errors';
import { projectRoot } from '../paths';
import type { ShopDb } from './connect';
import { applyPrefix, splitStatements, statementEffect, toSqlite } from './ddl';
import { toSqlDateTime } from './time';

export interface Migration {
  version: number;
  name: string;
  file: string;
  checksum: string;
  statements: string[];
}

export interface MigrationStatus {
  applied: number[];
  pending: number[];
  current: boolean;
}

const migrationFile = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads sql/NNN_name.sql in version order; sql/000_* (the ledger) is run before every migrate. */
export function readMigrations(dir = path.join(projectRoot(), 'sql')): { ledger: Migration; migrations: Migration[] } {
  const all = fs
    .readdirSync(dir)
    .filter((f) => migrationFile.test(f))
    .sort()
    .map((file) => {
      const [, version, name] = migrationFile.exec(file)!;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(version),
        name,
        file,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    });
  const ledger = all.find((m) => m.version === 0);
  if (!ledger) throw new Error(`no sql/000_*.sql ledger file in ${dir}`);
  const migrations = all.filter((m) => m.version !== 0);
  const seen = new Set<number>();
  for (const m of migrations) {
    if (seen.has(m.version)) throw new Error(`two migrations share version ${m.version}`);
    seen.add(m.version);
  }
  return { ledger, migrations };
}

/** The statements of one file as they run on this database: prefixed, and rewritten for SQLite. */
export function statementsFor(db: ShopDb, migration: Migration): string[] {
  const prefixed = migration.statements.map((s) => applyPrefix(s, db.prefix));
  return db.dialect === 'sqlite' ? prefixed.flatMap(toSqlite) : prefixed;
}

/** `migrations` defaults to reading sql/ now; a caller asking often (/health) passes a list it read once. */
export async function migrationStatus(db: ShopDb, migrations: Array<Pick<Migration, 'version'>> = readMigrations().migrations): Promise<MigrationStatus> {
  const ledger = db.ownTable('migration');
  const exists = await db.knex.schema.hasTable(ledger);
  const applied = exists ? (await db.knex(ledger).select('version')).map((r) => Number(r.version)) : [];
  const pending = migrations.map((m) => m.version).filter((v) => !applied.includes(v));
  return { applied, pending, current: pending.length === 0 };
}

/**
 * Applies every pending migration, in order, and records each in the ledger table. Re-running
 * is a no-op. A migration already applied whose file changed since is refused: files are
 * append-only once released, so data is never dropped by an upgrade. On MySQL a named lock
 * keeps two instances from migrating at once. A file interrupted half-way (MySQL commits each DDL
 * statement at once, so no transaction can undo the first ones) completes on the next run: a
 * column or an index the interrupted run already made is skipped (see runStatement).
 * `dir` is for tests; the service always reads the project's sql/.
 */
export async function migrate(db: ShopDb, log: (line: string) => void = () => {}, dir?: string): Promise<number[]> {
  const { ledger, migrations } = readMigrations(dir);
  return withMigrationLock(db, async () => {
    for (const statement of statementsFor(db, ledger)) await db.knex.raw(statement);
    const table = db.ownTable('migration');
    const rows: Array<{ version: number; checksum: string }> = await db.knex(table).select('version', 'checksum');
    const applied = new Map(rows.map((r) => [Number(r.version), r.checksum]));
    const done: number[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.version);
      if (previous !== undefined) {
        if (previous !== migration.checksum) {
          throw new ShopcastError(
            'invalid_config',
            `migration ${migration.file} was changed after it was applied; add a new migration instead`,
            { version: migration.version },
          );
        }
        continue;
      }
      for (const statement of statementsFor(db, migration)) await runStatement(db, statement);
      await db.knex(table).insert({
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        applied_at: toSqlDateTime(new Date()),
      });
      log(`applied ${migration.file}`);
      done.push(migration.version);
    }
    return done;
  });
}

/** Runs one statement unless the change it makes is already there (an interrupted earlier run). */
async function runStatement(db: ShopDb, statement: string): Promise<void> {
  const effect = statementEffect(statement);
  if (effect.kind === 'add_column' && (await db.knex.schema.hasColumn(effect.table, effect.column))) return;
  if (effect.kind === 'create_index' && (await indexExists(db, effect.table, effect.index))) return;
  // MODIFY sets the column to its new definition whatever it was: running it again is harmless.
  await db.knex.raw(statement);
}

async function indexExists(db: ShopDb, table: string, index: string): Promise<boolean> {
  if (db.dialect === 'sqlite') {
    return (await db.knex.raw("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [index])).length > 0;
  }
  const [rows] = await db.knex.raw(
    'SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ? LIMIT 1',
    [table, index],
  );
  return rows.length > 0;
}

async function withMigrationLock<T>(db: ShopDb, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'mysql') return work();
  // GET_LOCK belongs to a session: pin one pooled connection for the lock and its release.
  const lockName = `shopcast_migrate_${db.prefix}`;
  const conn = await db.knex.client.acquireConnection();
  try {
    const [rows] = await conn.promise().query('SELECT GET_LOCK(?, 60) AS got', [lockName]);
    if (Number(rows[0].got) !== 1) throw new ShopcastError('unavailable', 'another instance is migrating');
    try {
      return await work();
    } finally {
      await conn.promise().query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    await db.knex.client.releaseConnection(conn);
  }
}

/**
 * Runs one SQL file of ours (MySQL dialect, PREFIX_ placeholder) on this database: used for
 * schemas that are not migrations, such as the demo shop's PrestaShop tables.
 */
export async function applySqlFile(db: ShopDb, file: string): Promise<void> {
  const text = fs.readFileSync(file, 'utf8');
  const prefixed = splitStatements(text).map((s) => applyPrefix(s, db.prefix));
  const statements = db.dialect === 'sqlite' ? prefixed.flatMap(toSqlite) : prefixed;
  for (const statement of statements) await db.knex.raw(statement);
}
