import { expect } from 'chai';
import { migrate, ShopDb, toSqlDateTime } from '../../service/src/db';
import { claimOptOutImport, createSandboxProvider, importOptOuts, SmsProvider, startOptOutSchedule } from '../../service/src/providers';
import { loadConfig } from '../../service/src/config';
import { createLogger } from '../../service/src/logging';
import { FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { isendproFor, rejectionOf, waitFor } from './helpers';

describeEachDialect('opt-out import from the provider blacklist', (dialect) => {
  let test: TestDatabase;
  let db: ShopDb;
  let fake: FakeIsendpro;

  before(async () => {
    test = await dialect.create();
    db = test.db;
    await migrate(db);
    fake = await startFakeIsendpro();
  });
  beforeEach(async () => {
    fake.reset();
    await db.knex(db.ownTable('opt_out')).del();
    await db.knex(db.ownTable('sync_state')).del();
  });
  after(async () => {
    await fake?.close();
    await test?.drop();
  });

  const optOuts = () => db.knex(db.ownTable('opt_out')).select('phone', 'source').orderBy('phone');

  it('copies the blacklist into the opt-out table in E.164 with source provider', async () => {
    fake.setSwitches({ blacklisted: ['0612345678', '33698765432'] });
    const result = await importOptOuts(db, isendproFor(fake));
    expect(result).to.deep.equal({ read: 2, added: 2, skipped: 0 });
    expect(await optOuts()).to.deep.equal([
      { phone: '+33612345678', source: 'provider' },
      { phone: '+33698765432', source: 'provider' },
    ]);
  });

  it('is idempotent and leaves numbers opted out from another source as they are', async () => {
    await db.knex(db.ownTable('opt_out')).insert({ phone: '+33612345678', source: 'manual', created_at: toSqlDateTime(new Date()) });
    fake.setSwitches({ blacklisted: ['0612345678', '0698765432'] });
    const provider = isendproFor(fake);
    expect((await importOptOuts(db, provider)).added).to.equal(1);
    expect((await importOptOuts(db, provider)).added).to.equal(0);
    expect(await optOuts()).to.deep.equal([
      { phone: '+33612345678', source: 'manual' },
      { phone: '+33698765432', source: 'provider' },
    ]);
  });

  it('imports more numbers than one insert chunk holds', async () => {
    fake.setSwitches({ blacklisted: Array.from({ length: 1203 }, (_, i) => `336${String(i).padStart(7, '0')}5`) });
    expect(await importOptOuts(db, isendproFor(fake))).to.deep.equal({ read: 1203, added: 1203, skipped: 0 });
  });

  it('changes nothing and reports provider_failed when the export is refused', async () => {
    const err = await rejectionOf(importOptOuts(db, isendproFor(fake, { keyid: 'badkeyid999' })));
    expect(err.code).to.equal('provider_failed');
    expect(await optOuts()).to.deep.equal([]);
  });

  it('is a no-op with the sandbox, whose blacklist is the table itself', async () => {
    const sandbox = createSandboxProvider(db);
    await sandbox.addToBlacklist('+33612345678');
    expect(await importOptOuts(db, sandbox)).to.deep.equal({ read: 1, added: 0, skipped: 0 });
  });

  it('runs on its schedule until stopped', async () => {
    fake.setSwitches({ blacklisted: ['0612345678'] });
    const ctx = { db, config: loadConfig({}), log: createLogger('silent') };
    const stop = startOptOutSchedule(ctx, { expression: '* * * * * *', provider: isendproFor(fake), runAtStart: false });
    try {
      await waitFor(async () => (await optOuts()).length === 1, 'the scheduled import');
    } finally {
      await stop();
    }
    expect(fake.requests.every((r) => r.path === '/getlistenoire')).to.equal(true);
  });

  const never = '0 0 1 1 *';
  const getlistenoire = () => fake.requests.filter((r) => r.path === '/getlistenoire').length;
  const ctx = () => ({ db, config: loadConfig({}), log: createLogger('silent') });

  it('imports once when two instances start together over one database', async () => {
    fake.setSwitches({ blacklisted: ['0612345678'] });
    const stops = ['a', 'b'].map((instance) => startOptOutSchedule(ctx(), { expression: never, provider: isendproFor(fake), instance }));
    for (const stop of stops) await stop();
    expect(getlistenoire()).to.equal(1);
    expect(await optOuts()).to.deep.equal([{ phone: '+33612345678', source: 'provider' }]);
  });

  it('skips the start-up import within 24 hours of the last one, and runs it again after', async () => {
    expect(await claimOptOutImport(db, 'earlier', 0, new Date(Date.now() - 23 * 3_600_000))).to.not.equal(null);
    await startOptOutSchedule(ctx(), { expression: never, provider: isendproFor(fake) })();
    expect(getlistenoire()).to.equal(0);
    await db.knex(db.ownTable('sync_state')).update({ updated_at: toSqlDateTime(new Date(Date.now() - 25 * 3_600_000)) });
    await startOptOutSchedule(ctx(), { expression: never, provider: isendproFor(fake) })();
    expect(getlistenoire()).to.equal(1);
  });

  it('gives the claim back when the import fails, so the next start tries again', async () => {
    fake.setSwitches({ ipAllowed: false });
    await startOptOutSchedule(ctx(), { expression: never, provider: isendproFor(fake) })();
    fake.setSwitches({ ipAllowed: true, blacklisted: ['0612345678'] });
    await startOptOutSchedule(ctx(), { expression: never, provider: isendproFor(fake) })();
    expect(getlistenoire()).to.equal(2);
    expect(await optOuts()).to.have.length(1);
  });

  it('neither imports nor claims while no keyid is set', async () => {
    await startOptOutSchedule(ctx(), { expression: never, provider: isendproFor(fake, { keyid: null }) })();
    expect(fake.requests).to.have.length(0);
    expect(await db.knex(db.ownTable('sync_state')).count({ n: '*' }).first()).to.deep.include({ n: 0 });
  });

  if (dialect.name === 'sqlite') {
    it('counts as added only the numbers it inserted when another instance inserts one meanwhile', async () => {
      const competitor = (query: { sql: string }) => {
        // Queued while our "known numbers" SELECT runs: SQLite's one connection runs it before our INSERT.
        if (/^select/i.test(query.sql) && query.sql.includes('opt_out')) {
          db.knex.off('query', competitor);
          void db.knex(db.ownTable('opt_out')).insert({ phone: '+33612345678', source: 'manual', created_at: toSqlDateTime(new Date()) }).then(() => undefined);
        }
      };
      db.knex.on('query', competitor);
      const provider = { readBlacklist: async () => ['0612345678', '0698765432'] } as unknown as SmsProvider;
      expect(await importOptOuts(db, provider)).to.deep.equal({ read: 2, added: 1, skipped: 0 });
      expect(await optOuts()).to.deep.equal([
        { phone: '+33612345678', source: 'manual' },
        { phone: '+33698765432', source: 'provider' },
      ]);
    });
  }
});
