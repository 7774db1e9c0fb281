import { expect } from 'chai';
import { migrate, migrationStatus, readMigrations } from '../../service/src/db';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

const ownTables = [
  'setting',
  'event_outbox',
  'notification_rule',
  'notification_rule_event',
  'notification',
  'campaign',
  'campaign_recipient',
  'opt_out',
  'address_phone',
  'sandbox_message',
  'migration',
];

describeEachDialect('migrations', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create('shop_');
  });
  afterEach(async () => {
    await t.drop();
  });

  it('creates every Shopcast table under a non-default prefix and nothing under ps_', async () => {
    const applied = await migrate(t.db);
    expect(applied).to.deep.equal(readMigrations().migrations.map((m) => m.version));
    for (const name of ownTables) {
      expect(await t.db.knex.schema.hasTable(`shop_shopcast_${name}`), name).to.equal(true);
      expect(await t.db.knex.schema.hasTable(`ps_shopcast_${name}`), name).to.equal(false);
    }
  });

  it('is a no-op when run again and keeps the data already there', async () => {
    await migrate(t.db);
    await t.db.knex('shop_shopcast_opt_out').insert({ phone: '+33612345678', source: 'manual', created_at: '2026-01-01 10:00:00' });
    expect(await migrate(t.db)).to.deep.equal([]);
    expect(await t.db.knex('shop_shopcast_opt_out').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    const ledger = await t.db.knex('shop_shopcast_migration').select('version');
    expect(ledger.map((r) => Number(r.version))).to.deep.equal(readMigrations().migrations.map((m) => m.version));
  });

  it('reports pending migrations before and none after', async () => {
    const before = await migrationStatus(t.db);
    expect(before.current).to.equal(false);
    expect(before.pending.length).to.be.greaterThan(0);
    await migrate(t.db);
    expect(await migrationStatus(t.db)).to.deep.equal({ applied: before.pending, pending: [], current: true });
  });

  it('refuses to run when an applied migration file was edited afterwards', async () => {
    await migrate(t.db);
    await t.db.knex('shop_shopcast_migration').where({ version: 1 }).update({ checksum: 'f'.repeat(64) });
    try {
      await migrate(t.db);
      expect.fail('migrate should refuse');
    } catch (err) {
      expect((err as Error).message).to.match(/001_core\.sql was changed after it was applied/);
    }
  });

  it('stores utf8mb4 text (emoji, accents) in its own tables', async () => {
    await migrate(t.db);
    const message = 'Promo ç’ 🎉';
    await t.db.knex('shop_shopcast_sandbox_message').insert({ recipient: '+33612345678', message, created_at: '2026-01-01 10:00:00' });
    const [row] = await t.db.knex('shop_shopcast_sandbox_message').select('message');
    expect(row.message).to.equal(message);
  });

  it('enforces the (event, rule, recipient) key that stops a notification going out twice', async () => {
    await migrate(t.db);
    const row = { id_event: 1, id_rule: 1, event: 'order_state', recipient: '+33612345678', message: 'x', created_at: '2026-01-01 10:00:00' };
    await t.db.knex('shop_shopcast_notification').insert(row);
    let failed = false;
    try {
      await t.db.knex('shop_shopcast_notification').insert(row);
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });
});
