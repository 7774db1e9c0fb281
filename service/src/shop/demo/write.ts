import type { Database, Statement } from 'better-sqlite3';
import type { ShopDb } from '../../db';
import type { Row, TableRows } from './reference-data';

/**
 * Bulk inserts for the demo: multi-row INSERT statements with ? placeholders on one pinned
 * connection. Rows are buffered per table and sent in full statements, so each table uses one
 * statement shape. A table's columns are the keys of its first row, in order.
 */
export interface RowWriter {
  /** Queues these rows; full statements may be sent now, the rest waits for flush(). */
  write(tables: TableRows[]): Promise<void>;
  /** Sends everything still buffered and waits until the database has it all. */
  flush(): Promise<void>;
  /** Releases the connection (after flush(), or after a failure: unflushed rows are lost). */
  close(): Promise<void>;
}

export interface WriterOptions {
  /** Rows per INSERT statement (default 1000 on MySQL, 200 on SQLite); 1 = single-row inserts. */
  rowsPerStatement?: number;
}

// Bound parameters per statement: MySQL's prepared-statement limit, SQLite's since 3.32.
const MAX_PARAMETERS = { mysql: 65535, sqlite: 32766 };
// Measured on 30k customers: larger statements did not lower SQLite's CPU time, and MySQL 4000
// rows per statement was no faster than 1000 (which keeps each packet near 250 KB).
const DEFAULT_ROWS = { mysql: 1000, sqlite: 200 };
// MySQL: statements per transaction (each commit is a log flush) and statements in flight.
const STATEMENTS_PER_COMMIT = 50;
const MAX_IN_FLIGHT = 4;
// SQLite page cache during the load, in KiB (negative: a size, not a page count).
const LOAD_CACHE_KIB = -262_144;

export async function openRowWriter(db: ShopDb, options: WriterOptions = {}): Promise<RowWriter> {
  const wanted = options.rowsPerStatement ?? DEFAULT_ROWS[db.dialect];
  const batchSize = (columns: number) => Math.max(1, Math.min(wanted, Math.floor(MAX_PARAMETERS[db.dialect] / columns)));
  return db.dialect === 'sqlite' ? openSqliteWriter(db, batchSize) : openMysqlWriter(db, batchSize);
}

type Emit = (table: string, columns: string[], rows: Row[]) => void;

/** Per-table buffers that hand out full batches, then the remainders on drain(). */
class TableBuffers {
  private readonly buffers = new Map<string, { columns: string[]; size: number; rows: Row[] }>();

  constructor(private readonly batchSize: (columns: number) => number) {}

  add(tables: TableRows[], emit: Emit): void {
    for (const [table, rows] of tables) {
      if (rows.length === 0) continue;
      let buffer = this.buffers.get(table);
      if (!buffer) {
        const columns = Object.keys(rows[0]);
        buffer = { columns, size: this.batchSize(columns.length), rows: [] };
        this.buffers.set(table, buffer);
      }
      for (const row of rows) buffer.rows.push(row);
      while (buffer.rows.length >= buffer.size) emit(table, buffer.columns, buffer.rows.splice(0, buffer.size));
    }
  }

  drain(emit: Emit): void {
    for (const [table, buffer] of this.buffers) if (buffer.rows.length > 0) emit(table, buffer.columns, buffer.rows.splice(0));
  }
}

function insertSql(table: string, columns: string[], rows: number): string {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`;
}

function flatten(rows: Row[], columns: string[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const column of columns) values.push(row[column]);
  return values;
}

async function openSqliteWriter(db: ShopDb, batchSize: (columns: number) => number): Promise<RowWriter> {
  // The SQLite pool holds one connection: keep it for the whole load, and use no knex call meanwhile.
  const conn: Database = await db.knex.client.acquireConnection();
  const restorePragmas = loadPragmas(conn);
  const buffers = new TableBuffers(batchSize);
  const statements = new Map<string, Statement>();
  const emit: Emit = (table, columns, rows) => {
    const key = `${table}|${rows.length}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = conn.prepare(insertSql(db.shopTable(table), columns, rows.length));
      statements.set(key, statement);
    }
    statement.run(flatten(rows, columns));
  };
  // One transaction per call: SQLite commits (and syncs) once per chunk, not once per statement.
  const add = conn.transaction((tables: TableRows[]) => buffers.add(tables, emit));
  const drain = conn.transaction(() => buffers.drain(emit));
  return {
    write: async (tables) => add(tables),
    flush: async () => drain(),
    async close() {
      restorePragmas();
      await db.knex.client.releaseConnection(conn);
    },
  };
}

/**
 * For the load only: a large page cache for the secondary indexes, and synchronous NORMAL (in
 * WAL mode it may lose the last commits on power loss, never corrupt the file). Measured on 100k
 * customers: about 22 s instead of 24 to 30 s with SQLite's defaults.
 */
function loadPragmas(conn: Database): () => void {
  const cacheSize = conn.pragma('cache_size', { simple: true });
  const synchronous = conn.pragma('synchronous', { simple: true });
  conn.pragma(`cache_size = ${LOAD_CACHE_KIB}`);
  conn.pragma('synchronous = NORMAL');
  return () => {
    conn.pragma(`cache_size = ${Number(cacheSize)}`);
    conn.pragma(`synchronous = ${Number(synchronous)}`);
  };
}

interface MysqlClient {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

/**
 * Statements are queued on the connection without waiting for each one (up to MAX_IN_FLIGHT), so
 * the server inserts while the generator computes the next rows; they run in order, grouped in
 * transactions of STATEMENTS_PER_COMMIT.
 */
async function openMysqlWriter(db: ShopDb, batchSize: (columns: number) => number): Promise<RowWriter> {
  const conn: { promise(): MysqlClient } = await db.knex.client.acquireConnection();
  const client = conn.promise();
  const restoreMode = await allowZeroDates(client);
  const buffers = new TableBuffers(batchSize);
  const inFlight: Array<Promise<unknown>> = [];
  let uncommitted = 0;
  const send = (sql: string, values?: unknown[]) => {
    const sent = client.query(sql, values);
    sent.catch(() => undefined); // awaited below, in order; this only stops an early "unhandled" report
    inFlight.push(sent);
  };
  const emit: Emit = (table, columns, rows) => {
    if (uncommitted === 0) send('BEGIN');
    send(insertSql(db.shopTable(table), columns, rows.length), flatten(rows, columns));
    if (++uncommitted === STATEMENTS_PER_COMMIT) {
      send('COMMIT');
      uncommitted = 0;
    }
  };
  const settle = async (keep: number) => {
    while (inFlight.length > keep) await inFlight.shift();
  };
  return {
    async write(tables) {
      buffers.add(tables, emit);
      await settle(MAX_IN_FLIGHT);
    },
    async flush() {
      buffers.drain(emit);
      if (uncommitted > 0) send('COMMIT');
      uncommitted = 0;
      await settle(0);
    },
    async close() {
      try {
        await Promise.allSettled(inFlight.splice(0));
        if (uncommitted > 0) await client.query('ROLLBACK');
        await restoreMode();
      } finally {
        await db.knex.client.releaseConnection(conn);
      }
    },
  };
}

/**
 * The demo stores '0000-00-00' birthdays and invoice dates as real shops hold them; MySQL 5.7+
 * refuses them under NO_ZERO_DATE / NO_ZERO_IN_DATE (in its default sql_mode), so this session
 * drops those two flags while it loads, and gets its mode back afterwards.
 */
async function allowZeroDates(client: MysqlClient): Promise<() => Promise<void>> {
  const [rows] = await client.query('SELECT @@SESSION.sql_mode AS mode');
  const mode = String((rows as Array<{ mode: string }>)[0].mode);
  const relaxed = mode.split(',').filter((flag) => flag !== 'NO_ZERO_DATE' && flag !== 'NO_ZERO_IN_DATE');
  await client.query('SET SESSION sql_mode = ?', [relaxed.join(',')]);
  return async () => {
    await client.query('SET SESSION sql_mode = ?', [mode]);
  };
}
