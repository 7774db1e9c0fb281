import { expect } from 'chai';
import { currentSecret, ensureModuleSecret, ensureSealKeys, moduleSecretSource, readModuleSecret, verifyWithSecret } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate, migrationStatus, readMigrations } from '../../service/src/db';
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

  it('leaves nothing for the service to migrate, and hands its secret to the service once it has started', async () => {
    ({ database, env } = await phpDatabase());
    const { secret } = (await runPhpTest('install.php', env)).output;
    expect(await ledgerOf(database)).to.deep.equal(expectedLedger());
    expect(await migrate(database.db)).to.deep.equal([]);
    expect((await migrationStatus(database.db)).current).to.equal(true);
    // The service's first start: nothing sealed for it yet, so it signs with a secret of its own.
    const source = await moduleSecretSource(database.db, loadConfig({}));
    expect(currentSecret(source)).to.match(/^[0-9a-f]{64}$/).and.not.equal(secret);
    const page = (await runPhpTest('publish.php', env)).output;
    expect(page).to.deep.equal({ secret, published: true, sealed: true });
    // The first proof made with the module's secret makes the service read the row again.
    expect(await verifyWithSecret(source, (s) => (s === secret ? s : null))).to.equal(secret);
    expect((await runPhpTest('publish.php', env)).output.published, 'sealed once').to.equal(false);
  });

  it('installs on a database the service migrated first, with the default ps_ prefix, and seals its secret for it at once', async () => {
    ({ database, env } = await phpDatabase('ps_'));
    await migrate(database.db);
    const serviceSecret = await ensureModuleSecret(database.db, loadConfig({}));
    const before = await ledgerOf(database);
    const { secret } = (await runPhpTest('install.php', env)).output;
    expect(await ledgerOf(database)).to.deep.equal(before);
    expect(secret).to.not.equal(serviceSecret);
    expect(await readModuleSecret(database.db, await ensureSealKeys(database.db))).to.equal(secret);
  });

  it('adopts the plain secret an earlier version stored, which the service then seals in place', async () => {
    ({ database, env } = await phpDatabase());
    await migrate(database.db);
    const legacy = 'a7'.repeat(32);
    await database.db.knex(database.db.ownTable('setting')).insert({ id_shop: 0, name: 'module_secret', value: legacy, is_secret: 1, updated_at: '2026-11-01 00:00:00' });
    expect((await runPhpTest('publish.php', env)).output).to.deep.equal({ secret: legacy, published: false, sealed: false });
    expect(await ensureModuleSecret(database.db, loadConfig({})), 'the service keeps signing with it').to.equal(legacy);
    const dump = JSON.stringify(await database.db.knex(database.db.ownTable('setting')).select());
    expect(dump).to.not.include(legacy);
    expect((await runPhpTest('publish.php', env)).output, 'the module seals it once it sees the key').to.deep.equal({ secret: legacy, published: true, sealed: true });
    expect(await readModuleSecret(database.db, await ensureSealKeys(database.db))).to.equal(legacy);
  });

  it('makes a new secret and hands it over when the shop lost the cookie key its copy was encrypted with', async () => {
    ({ database, env } = await phpDatabase());
    await migrate(database.db);
    await ensureModuleSecret(database.db, loadConfig({}));
    const first = (await runPhpTest('publish.php', env)).output.secret;
    const moved = (await runPhpTest('publish.php', { ...env, SHOPCAST_TEST_COOKIE_KEY: 'def00000' + 'f'.repeat(128) })).output;
    expect(moved.secret).to.match(/^[0-9a-f]{64}$/).and.not.equal(first);
    expect(moved.sealed).to.equal(true);
    expect(await readModuleSecret(database.db, await ensureSealKeys(database.db))).to.equal(moved.secret);
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
