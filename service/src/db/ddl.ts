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

/**
 * Rewrites one MySQL statement for SQLite. A CREATE TABLE may turn into several statements:
 * inline KEY / UNIQUE KEY definitions become CREATE [UNIQUE] INDEX statements, because SQLite
 * accepts neither inside CREATE TABLE.
 */
export function toSqlite(statement: string): string[] {
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
