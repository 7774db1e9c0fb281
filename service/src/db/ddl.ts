/**
 * The DDL in sql/ is written once, in MySQL's dialect, because the PHP installer runs it as is
 * on the shop's MySQL/MariaDB. For the embedded SQLite database the service rewrites that
 * small, documented subset (see sql/README.md). Pure text in, text out.
 */

/** Removes `-- ...` comments and splits a file on the `;` that ends a line. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .map((line) => line.replace(/(^|\s)--(\s.*)?$/, ''))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Replaces the PREFIX_ placeholder with the live table prefix. */
export function applyPrefix(statement: string, prefix: string): string {
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new Error(`invalid table prefix ${JSON.stringify(prefix)}`);
  return statement.replace(/PREFIX_/g, prefix);
}

const createTable = /^CREATE TABLE (IF NOT EXISTS )?`?(\w+)`?\s*\(([\s\S]*)\)([^)]*)$/i;
const alterTable = /^ALTER TABLE `?(\w+)`?\s+([\s\S]*)$/i;
const addColumn = /^ADD (?:COLUMN )?`?(\w+)`?\s/i;
const modifyColumn = /^MODIFY (?:COLUMN )?`?(\w+)`?\s+([\s\S]*)$/i;
const createIndex = /^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?`?(\w+)`?\s+ON\s+`?(\w+)`?/i;
/** A MODIFY that only gives a text column another length: nothing to do where lengths are ignored. */
const lengthOnly = /^(?:VAR)?CHAR\s*\(\d+\)(?:\s+NULL)?$/i;

/**
 * What a statement changes, so the migrator can tell whether an interrupted run already made that
 * change. MySQL commits each DDL statement on its own, so a file cut short by a crash is half
 * applied; a re-run skips a column or an index that exists instead of failing on it.
 */
export type StatementEffect =
  | { kind: 'add_column'; table: string; column: string }
  | { kind: 'modify_column'; table: string; column: string; definition: string }
  | { kind: 'create_index'; table: string; index: string }
  /** CREATE TABLE IF NOT EXISTS and data statements: safe to run again as written */
  | { kind: 'other' };

/**
 * Classifies one statement (MySQL dialect, prefix applied). An ALTER TABLE must make exactly one
 * change, ADD COLUMN or MODIFY: anything else could not be re-run safely, so it is refused here
 * rather than discovered on a half-migrated production database.
 */
export function statementEffect(statement: string): StatementEffect {
  const text = statement.trim();
  const index = createIndex.exec(text);
  if (index) return { kind: 'create_index', table: index[2], index: index[1] };
  const alter = alterTable.exec(text);
  if (!alter) return { kind: 'other' };
  const change = alter[2].trim();
  if (splitTopLevel(change).length === 1) {
    const add = addColumn.exec(change);
    if (add && !/^ADD (?:UNIQUE |INDEX |KEY |CONSTRAINT |PRIMARY |FOREIGN )/i.test(change)) return { kind: 'add_column', table: alter[1], column: add[1] };
    const modify = modifyColumn.exec(change);
    if (modify) return { kind: 'modify_column', table: alter[1], column: modify[1], definition: modify[2].trim() };
  }
  throw new Error(`unsupported migration statement (one ADD COLUMN or MODIFY per ALTER TABLE, indexes with CREATE INDEX): ${text.slice(0, 120)}`);
}

/**
 * Rewrites one MySQL statement for SQLite. A CREATE TABLE may turn into several statements:
 * inline KEY / UNIQUE KEY definitions become CREATE [UNIQUE] INDEX statements, because SQLite
 * accepts neither inside CREATE TABLE. A MODIFY that only changes a VARCHAR/CHAR length becomes
 * no statement: SQLite ignores declared lengths (a VARCHAR(16) column already holds any text), and
 * its ALTER TABLE cannot modify a column. Any other MODIFY is refused, never silently skipped.
 */
export function toSqlite(statement: string): string[] {
  const effect = statementEffect(statement);
  if (effect.kind === 'modify_column') {
    if (lengthOnly.test(effect.definition)) return [];
    throw new Error(`SQLite cannot modify column ${effect.table}.${effect.column} to ${effect.definition}: only a VARCHAR/CHAR length change is supported`);
  }
  const match = createTable.exec(statement.trim());
  if (!match) return [rewriteTypes(statement)];
  const ifNotExists = match[1] ? 'IF NOT EXISTS ' : '';
  const table = match[2];
  const columns: string[] = [];
  const indexes: string[] = [];
  for (const part of splitTopLevel(match[3])) {
    const key = /^(UNIQUE\s+)?(?:KEY|INDEX)\s+`?(\w+)`?\s*\(([^]*)\)$/i.exec(part);
    if (key) {
      const unique = key[1] ? 'UNIQUE ' : '';
      const cols = stripPrefixLengths(key[3]);
      indexes.push(`CREATE ${unique}INDEX ${ifNotExists}\`${table}_${key[2]}\` ON \`${table}\` (${cols})`);
    } else if (/^UNIQUE\s*\(/i.test(part) || /^PRIMARY KEY/i.test(part)) {
      columns.push(stripPrefixLengths(part));
    } else {
      columns.push(rewriteTypes(part));
    }
  }
  const create = `CREATE TABLE ${ifNotExists}\`${table}\` (\n  ${columns.join(',\n  ')}\n)`;
  return [create, ...indexes];
}

function rewriteTypes(sql: string): string {
  return sql
    .replace(
      /(\w+`?)\s+(?:TINY|SMALL|MEDIUM|BIG)?INT(?:\(\d+\))?(?:\s+UNSIGNED)?\s+NOT NULL\s+AUTO_INCREMENT\s+PRIMARY KEY/gi,
      '$1 INTEGER PRIMARY KEY AUTOINCREMENT',
    )
    .replace(/\s+UNSIGNED\b/gi, '')
    .replace(/\s+AUTO_INCREMENT\b/gi, '')
    .replace(/\s+COMMENT\s+'(?:[^'\\]|\\.|'')*'/gi, '')
    .replace(/\s+(?:CHARACTER SET|CHARSET)\s*=?\s*\w+/gi, '')
    .replace(/\s+COLLATE\s*=?\s*\w+/gi, '')
    .replace(/\bENUM\s*\([^)]*\)/gi, 'TEXT');
}

/** `KEY k (email(64))` keeps a prefix length MySQL needs; SQLite indexes whole values. */
function stripPrefixLengths(cols: string): string {
  return cols.replace(/(`?\w+`?)\s*\(\d+\)/g, '$1');
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
