import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { migrate } from '../../service/src/db';
import { projectRoot } from '../../service/src/paths';
import { countSegment } from '../../service/src/segments';
import { recomputeCustomers } from '../../service/src/segments/customer-phones';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { AT, only, ShopFixture } from './fixtures';

/**
 * The customer-phone `shared` flag: the count sums numbers that no other customer holds and
 * counts distinct only the shared ones, so a flag left at 0 on a shared number would count a
 * duplicate as reachable. Each step below checks the flags and the count they feed.
 */
const savedNow = (later = 0) => DateTime.now().plus({ seconds: later }).setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss');
const SAME = '0612000500';

describeEachDialect('shared numbers', (dialect) => {
  let t: TestDatabase;
  let shop: ShopFixture;
  const options = { at: AT, sweepEverySeconds: 0 };

  beforeEach(async () => {
    ({ t, shop } = await ShopFixture.open(dialect));
  });
  afterEach(async () => {
    await t.drop();
  });

  /** id_customer -> shared, for every customer with a number */
  async function flags(): Promise<Record<number, number>> {
    const rows = await t.db.knex(t.db.ownTable('customer_phone')).select('id_customer', 'shared').whereNotNull('phone').orderBy('id_customer');
    return Object.fromEntries(rows.map((r) => [Number(r.id_customer), Number(r.shared)]));
  }

  const reach = async () => {
    const { reachable, dropped } = await countSegment(t.db, only(), options);
    return { reachable, duplicate: dropped.duplicate };
  };

  it('follows a number as it is given, changed, moved and deleted', async () => {
    const a = await shop.customer({ mobile: SAME });
    const b = await shop.customer();
    const c = await shop.customer({ mobile: null });
    expect(await reach()).to.deep.equal({ reachable: 2, duplicate: 0 });
    expect(await flags()).to.deep.equal({ [a]: 0, [b]: 0 });

    const bAddress = (await t.db.knex(t.db.shopTable('address')).first('id_address').where('id_customer', b)).id_address;
    await shop.updateAddress(bAddress, { phone_mobile: SAME, date_upd: savedNow() });
    expect(await reach()).to.deep.equal({ reachable: 1, duplicate: 1 });
    expect(await flags()).to.deep.equal({ [a]: 1, [b]: 1 });

    const cAddress = await shop.address(c, { phone_mobile: SAME });
    expect(await reach()).to.deep.equal({ reachable: 1, duplicate: 2 });
    expect(await flags()).to.deep.equal({ [a]: 1, [b]: 1, [c]: 1 });

    await shop.updateAddress(bAddress, { phone_mobile: '0612000501', date_upd: savedNow(1) });
    expect(await reach()).to.deep.equal({ reachable: 2, duplicate: 1 });
    expect(await flags()).to.deep.equal({ [a]: 1, [b]: 0, [c]: 1 });

    await shop.updateAddress(cAddress, { deleted: 1, date_upd: savedNow(2) });
    expect(await reach()).to.deep.equal({ reachable: 2, duplicate: 0 });
    expect(await flags()).to.deep.equal({ [a]: 0, [b]: 0 });

    await shop.updateAddress(cAddress, { deleted: 0, id_customer: b, date_upd: savedNow(3) });
    expect(await reach()).to.deep.equal({ reachable: 1, duplicate: 1 });
    expect(await flags()).to.deep.equal({ [a]: 1, [b]: 1 });

    await t.db.knex(t.db.shopTable('address')).where({ id_address: cAddress }).delete();
    expect(await reach()).to.deep.equal({ reachable: 2, duplicate: 0 });
    expect(await flags()).to.deep.equal({ [a]: 0, [b]: 0 });
  });

  it('flags every holder when refreshes give the same number to different customers at once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await shop.customer({ mobile: SAME }));
    expect(await reach()).to.deep.equal({ reachable: 1, duplicate: 7 });
    for (let round = 0; round < 5; round++) {
      await t.db.knex(t.db.ownTable('customer_phone')).delete();
      // Each customer on its own, all at once: each recompute first sees only some of the others.
      await Promise.all(ids.map((id) => recomputeCustomers(t.db, [id])));
      expect(Object.values(await flags()), `round ${round}`).to.deep.equal(ids.map(() => 1));
    }
    expect(await reach()).to.deep.equal({ reachable: 1, duplicate: 7 });
  });

  it('flags the numbers chosen before the flag existed when the migration adds it', async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-sql-'));
    try {
      await t.drop();
      t = await dialect.create('ps_');
      for (const file of fs.readdirSync(path.join(projectRoot(), 'sql'))) {
        if (/^00[0-5]_.*\.sql$/.test(file)) fs.copyFileSync(path.join(projectRoot(), 'sql', file), path.join(before, file));
      }
      await migrate(t.db, () => {}, before);
      const row = (id: number, phone: string | null) => ({ id_customer: id, phone, country: phone ? 'FR' : null, id_address: phone ? id : null, drop_reason: phone ? null : 'invalid' });
      await t.db.knex(t.db.ownTable('customer_phone')).insert([row(1, '+33612000500'), row(2, '+33612000501'), row(3, '+33612000500'), row(4, null)]);
      expect(await migrate(t.db)).to.deep.equal([6]);
      const rows = await t.db.knex(t.db.ownTable('customer_phone')).select('id_customer', 'shared').orderBy('id_customer');
      expect(rows.map((r) => [Number(r.id_customer), Number(r.shared)])).to.deep.equal([[1, 1], [2, 0], [3, 1], [4, 0]]);
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
