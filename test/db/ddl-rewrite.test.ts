import { expect } from 'chai';
import { applyPrefix, splitStatements, statementEffect, toSqlite } from '../../service/src/db';
import { prefixedTable } from '../../service/src/db';

describe('DDL rewrite for SQLite', () => {
  it('splits a file on line-ending semicolons and drops comments', () => {
    const sql = "-- header\nCREATE TABLE a (x INT); -- trailing\n\n-- between\nINSERT INTO a VALUES (1);\n";
    expect(splitStatements(sql)).to.deep.equal(['CREATE TABLE a (x INT)', 'INSERT INTO a VALUES (1)']);
  });

  it('keeps semicolons and double dashes that are inside a line', () => {
    expect(splitStatements("INSERT INTO a VALUES ('x; y', 'a--b');\n")).to.deep.equal(["INSERT INTO a VALUES ('x; y', 'a--b')"]);
  });

  it('replaces the PREFIX_ placeholder and rejects a prefix that is not an identifier', () => {
    expect(applyPrefix('CREATE TABLE `PREFIX_shopcast_x` (a INT)', 'shop_')).to.equal('CREATE TABLE `shop_shopcast_x` (a INT)');
    expect(() => applyPrefix('x', "ps_`; DROP")).to.throw(/invalid table prefix/);
  });

  it('turns an auto-increment primary key into an SQLite rowid alias', () => {
    const [create] = toSqlite('CREATE TABLE `t` (\n  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  `n` INT UNSIGNED NOT NULL DEFAULT 0\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4');
    expect(create).to.include('`id` INTEGER PRIMARY KEY AUTOINCREMENT');
    expect(create).to.include('`n` INT NOT NULL DEFAULT 0');
    expect(create).not.to.match(/ENGINE|CHARSET|UNSIGNED/);
  });

  it('moves inline keys out into CREATE INDEX statements named after their table', () => {
    const out = toSqlite(
      'CREATE TABLE IF NOT EXISTS `t` (`a` INT NOT NULL, `b` VARCHAR(255), PRIMARY KEY (`a`), UNIQUE KEY `ab` (`a`, `b`), KEY `b` (`b`(32)))',
    );
    expect(out).to.deep.equal([
      'CREATE TABLE IF NOT EXISTS `t` (\n  `a` INT NOT NULL,\n  `b` VARCHAR(255),\n  PRIMARY KEY (`a`)\n)',
      'CREATE UNIQUE INDEX IF NOT EXISTS `t_ab` ON `t` (`a`, `b`)',
      'CREATE INDEX IF NOT EXISTS `t_b` ON `t` (`b`)',
    ]);
  });

  it('drops column comments, charsets and collations, and maps ENUM to TEXT', () => {
    const [create] = toSqlite(
      "CREATE TABLE `t` (`s` VARCHAR(8) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'it''s, (odd)', `e` ENUM('a','b') DEFAULT 'a')",
    );
    expect(create).to.equal("CREATE TABLE `t` (\n  `s` VARCHAR(8) NOT NULL,\n  `e` TEXT DEFAULT 'a'\n)");
  });

  it('leaves statements other than CREATE TABLE alone apart from types', () => {
    expect(toSqlite("INSERT INTO `t` VALUES (1, 'a')")).to.deep.equal(["INSERT INTO `t` VALUES (1, 'a')"]);
  });

  it('rewrites a MODIFY that only widens a VARCHAR to no statement, since SQLite ignores lengths', () => {
    expect(toSqlite('ALTER TABLE `t` MODIFY `code` VARCHAR(64) NULL')).to.deep.equal([]);
    expect(toSqlite('ALTER TABLE `t` MODIFY COLUMN `code` CHAR(8)')).to.deep.equal([]);
  });

  it('refuses a MODIFY SQLite cannot apply instead of skipping it silently', () => {
    expect(() => toSqlite('ALTER TABLE `t` MODIFY `code` VARCHAR(64) NOT NULL')).to.throw(/SQLite cannot modify column t\.code/);
    expect(() => toSqlite('ALTER TABLE `t` MODIFY `n` BIGINT NULL')).to.throw(/only a VARCHAR\/CHAR length change/);
  });

  it('keeps ADD COLUMN and CREATE INDEX as they are', () => {
    expect(toSqlite("ALTER TABLE `t` ADD COLUMN `c` VARCHAR(8) NOT NULL DEFAULT 'a,b'")).to.deep.equal(["ALTER TABLE `t` ADD COLUMN `c` VARCHAR(8) NOT NULL DEFAULT 'a,b'"]);
    expect(toSqlite('CREATE INDEX `t_c` ON `t` (`c`)')).to.deep.equal(['CREATE INDEX `t_c` ON `t` (`c`)']);
  });

  it('names what a statement changes, so a re-run can tell it is already done', () => {
    expect(statementEffect("ALTER TABLE `t` ADD COLUMN `c` VARCHAR(8) NOT NULL DEFAULT 'a,b'")).to.deep.equal({ kind: 'add_column', table: 't', column: 'c' });
    expect(statementEffect('ALTER TABLE `t` ADD `c` INT NULL')).to.deep.equal({ kind: 'add_column', table: 't', column: 'c' });
    expect(statementEffect('ALTER TABLE `t` MODIFY `c` VARCHAR(64) NULL')).to.deep.equal({ kind: 'modify_column', table: 't', column: 'c', definition: 'VARCHAR(64) NULL' });
    expect(statementEffect('CREATE UNIQUE INDEX IF NOT EXISTS `t_c` ON `t` (`c`)')).to.deep.equal({ kind: 'create_index', table: 't', index: 't_c' });
    expect(statementEffect('CREATE TABLE IF NOT EXISTS `t` (`a` INT)')).to.deep.equal({ kind: 'other' });
  });

  it('refuses an ALTER TABLE a re-run could not skip: several changes, ADD INDEX, DROP', () => {
    expect(() => statementEffect('ALTER TABLE `t` ADD COLUMN `a` INT, ADD COLUMN `b` INT')).to.throw(/one ADD COLUMN or MODIFY per ALTER TABLE/);
    expect(() => statementEffect('ALTER TABLE `t` ADD INDEX `i` (`a`)')).to.throw(/unsupported migration statement/);
    expect(() => statementEffect('ALTER TABLE `t` DROP COLUMN `a`')).to.throw(/unsupported migration statement/);
  });

  it('builds prefixed table names and refuses names that are not plain identifiers', () => {
    expect(prefixedTable('shop_', 'customer')).to.equal('shop_customer');
    expect(() => prefixedTable('ps_', 'customer; drop')).to.throw(/invalid table name/);
  });
});
