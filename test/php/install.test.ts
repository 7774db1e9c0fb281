import { expect } from 'chai';
import { ensureModuleSecret } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate, migrationStatus, readMigrations } from '../../service/src/db';
import { readSetting } from '../../service/src/settings';
import type { TestDatabase } from '../helpers/databases';
import { describePhp, phpDatabase, runPhp, runPhpTest } from './helpers';

/** The ledger as both migrators must write it, read from the database. */
async function ledgerOf(database: TestDatabase): Promise<Array<{ version: number; name: string; checksum: string }>> {
  const rows = await database.db.knex(database.db.ownTable('migration')).select('version', 'name', 'checksum').orderBy('version');
  return rows.map((r) => ({ version: Number(r.version), name: r.name, checksum: r.checksum }));
}

const expectedLedger = () => readMigrations().migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum }));

describePhp('PrestaShop module: install, migrations and uninstall', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  afterEach(async () => {
    await database?.drop();
  });

  it('creates the tables, ledger, secret, hooks and menu on install', async () => {
    ({ database, env } = await phpDatabase());
    await runPhpTest('install.php', env);
  });

  it('leaves nothing for the service to migrate, and the service uses the secret the module created', async () => {
    ({ database, env } = await phpDatabase());
    await runPhpTest('install.php', env);
    expect(await ledgerOf(database)).to.deep.equal(expectedLedger());
    expect(await migrate(database.db)).to.deep.equal([]);
    expect((await migrationStatus(database.db)).current).to.equal(true);
    const moduleSecret = await readSetting(database.db, 'module_secret');
    expect(moduleSecret).to.match(/^[0-9a-f]{64}$/);
    expect(await ensureModuleSecret(database.db, loadConfig({}))).to.equal(moduleSecret);
  });

  it('installs on a database the service migrated first, with the default ps_ prefix, keeping its secret', async () => {
    ({ database, env } = await phpDatabase('ps_'));
    await migrate(database.db);
    const serviceSecret = await ensureModuleSecret(database.db, loadConfig({}));
    const before = await ledgerOf(database);
    await runPhpTest('install.php', env);
    expect(await ledgerOf(database)).to.deep.equal(before);
    expect(await readSetting(database.db, 'module_secret')).to.equal(serviceSecret);
  });

  it('refuses to install over a migration whose file changed after it was applied', async () => {
    ({ database, env } = await phpDatabase());
    await migrate(database.db);
    await database.db.knex(database.db.ownTable('migration')).where({ version: 1 }).update({ checksum: '0'.repeat(64) });
    const run = await runPhp('install.php', [], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('install() returns true').and.include('was changed after it was applied');
  });

  it('keeps every table, row and the secret on uninstall, and reinstalls without duplicates', async () => {
    ({ database, env } = await phpDatabase());
    await runPhpTest('uninstall.php', env);
    expect(await ledgerOf(database)).to.deep.equal(expectedLedger());
  });
});
