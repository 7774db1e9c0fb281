import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { migrate, migrationStatus, readMigrations, statementsFor } from '../../service/src/db';
import { projectRoot } from '../../service/src/paths';
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

  it('completes a migration interrupted after its first statement on the next run', async () => {
    // Stop after 001, as a crash would, then make 002's first change (ADD COLUMN) by hand.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-sql-'));
    try {
      const sql = path.join(projectRoot(), 'sql');
      for (const file of fs.readdirSync(sql).filter((f) => /^00[01]_/.test(f))) fs.copyFileSync(path.join(sql, file), path.join(dir, file));
      expect(await migrate(t.db, () => {}, dir)).to.deep.equal([1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const second = readMigrations().migrations.find((m) => m.version === 2)!;
    const [first] = statementsFor(t.db, second);
    expect(first).to.match(/ADD COLUMN `pick_key`/);
    await t.db.knex.raw(first);
    const applied = await migrate(t.db);
    expect(applied).to.deep.equal(readMigrations().migrations.map((m) => m.version).filter((v) => v > 1));
    expect(await t.db.knex.schema.hasColumn('shop_shopcast_address_phone', 'pick_key')).to.equal(true);
    expect(await t.db.knex.schema.hasTable('shop_shopcast_customer_phone')).to.equal(true);
  });

  it('skips an index an interrupted run already created', async () => {
    await migrate(t.db);
    await t.db.knex('shop_shopcast_migration').where('version', '>=', 2).delete();
    expect(await migrate(t.db)).to.deep.equal(readMigrations().migrations.map((m) => m.version).filter((v) => v > 1));
  });

  it('widens provider_code so transport codes such as SELF_SIGNED_CERT_IN_CHAIN fit under strict mode', async () => {
    await migrate(t.db);
    const code = 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE';
    await t.db.knex('shop_shopcast_notification').insert({ id_event: 1, id_rule: 1, event: 'e', recipient: '+33612345678', message: 'x', created_at: '2026-01-01 10:00:00', provider_code: code });
    await t.db.knex('shop_shopcast_campaign_recipient').insert({ id_campaign: 1, id_customer: 1, phone: '+33612345678', provider_code: code, provider_message_id: 'sandbox-t1' });
    expect(await t.db.knex('shop_shopcast_notification').first('provider_code')).to.deep.equal({ provider_code: code });
    expect(await t.db.knex('shop_shopcast_campaign_recipient').first('provider_code', 'provider_message_id')).to.deep.equal({ provider_code: code, provider_message_id: 'sandbox-t1' });
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
