import { expect } from 'chai';
import knexFactory from 'knex';
import { dropStaleDatabases, mysqlDialect, mysqlUnavailableReason, staleDatabases, STALE_HOURS, testDatabaseName } from '../helpers/databases';

/** The harness's own bookkeeping: names that carry their age, and the sweep of crashed runs' databases. */
describe('test databases: stale ones from crashed runs', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  const hours = (h: number) => now - h * 3_600_000;

  it('names each database with the second it was made', () => {
    expect(testDatabaseName(now)).to.match(new RegExp(`^shopcast_test_${now / 1000}_${process.pid}_[0-9a-f]{8}$`));
  });

  it(`picks timestamped databases older than ${STALE_HOURS} hours and legacy ones the server says are old, nothing else`, () => {
    const old = testDatabaseName(hours(STALE_HOURS + 1));
    const young = testDatabaseName(hours(STALE_HOURS - 1));
    const legacyOld = 'shopcast_test_1234_deadbeef';
    const legacyYoung = 'shopcast_test_5678_cafebabe';
    const names = [old, young, legacyOld, legacyYoung, 'shopcast_test_other', 'prestashop'];
    expect(staleDatabases(names, new Set([legacyOld]), now)).to.deep.equal([old, legacyOld]);
  });

  describe('on the MySQL server', () => {
    before(async function () {
      const reason = await mysqlUnavailableReason();
      if (!reason) return;
      if (process.env.CI === 'true') throw new Error(`${reason} (required under CI=true)`);
      this.skip();
    });

    it("drops a crashed run's database and keeps the ones in use", async () => {
      const live = await mysqlDialect.create();
      const stale = testDatabaseName(Date.now() - (STALE_HOURS + 1) * 3_600_000);
      const admin = knexFactory({ client: 'mysql2', connection: live.url });
      try {
        await admin.raw(`CREATE DATABASE \`${stale}\``);
        const dropped = await dropStaleDatabases();
        expect(dropped).to.include(stale);
        const [rows] = await admin.raw('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name IN (?, ?)', [stale, live.url.split('/').pop() ?? '']);
        expect((rows as Array<{ name: string }>).map((r) => r.name)).to.deep.equal([live.url.split('/').pop()]);
      } finally {
        await admin.raw(`DROP DATABASE IF EXISTS \`${stale}\``);
        await admin.destroy();
        await live.drop();
      }
    });
  });
});
