export { connectDatabase, prefixedTable, STRICT_SQL_MODE } from './connect';
export type { ShopDb, Dialect, ConnectOptions } from './connect';
export { migrate, migrationStatus, readMigrations, statementsFor, applySqlFile } from './migrate';
export { splitStatements, statementEffect, toSqlite, applyPrefix } from './ddl';
export type { StatementEffect } from './ddl';
export { fromSqlDateTime, likeContains, toSqlDateTime } from './time';
