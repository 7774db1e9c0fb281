import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { migrate, toSqlDateTime } from '../../service/src/db';
import { projectRoot } from '../../service/src/paths';
import { countSegment, segmentRecipients } from '../../service/src/segments';
import { RECHECK_LIST_SECONDS, recomputeCustomers } from '../../service/src/segments/customer-phones';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { AT, e164Of, only, ShopFixture } from './fixtures';

/**
 * The customer-phone flags the count reads instead of looking things up per customer: `shared`
 * (the count sums numbers no other customer holds and counts distinct only the shared ones) and
 * `opted_out` (the count never reads the opt-out list itself). A flag wrongly at 0 would count a
 * duplicate or an opted-out customer as reachable. Each step checks the flags, the count they
 * feed, and that the export (which reads the list itself) agrees.
 */
const savedNow = (later = 0) => DateTime.now().plus({ seconds: later }).setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss');
const SAME = '0612000500';
const SAME_E164 = '+33612000500';

describeEachDialect('customer-phone flags', (dialect) => {
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

  /** reachable and opted_out of the count, after checking the export holds as many recipients */
  async function optOutCount(): Promise<{ reachable: number; opted_out: number }> {
    const { reachable, dropped } = await countSegment(t.db, only(), options);
    let exported = 0;
    for await (const _ of await segmentRecipients(t.db, only(), options)) exported++;
    expect(exported, 'export').to.equal(reachable);
    return { reachable, opted_out: dropped.opted_out };
  }

  async function optedOutFlags(): Promise<Record<number, number>> {
    const rows = await t.db.knex(t.db.ownTable('customer_phone')).select('id_customer', 'opted_out').whereNotNull('phone').orderBy('id_customer');
    return Object.fromEntries(rows.map((r) => [Number(r.id_customer), Number(r.opted_out)]));
  }

  const list = (phone: string, created_at = '2025-01-01 00:00:00') => t.db.knex(t.db.ownTable('opt_out')).insert({ phone, source: 'manual', created_at });
  const unlist = (phone: string) => t.db.knex(t.db.ownTable('opt_out')).where({ phone }).delete();

  it('follows the opt-out list, whoever writes to it and whatever date they give', async () => {
    const [a, b, c] = [await shop.customer(), await shop.customer({ mobile: SAME }), await shop.customer({ mobile: SAME })];
    expect(await optOutCount()).to.deep.equal({ reachable: 2, opted_out: 0 });
    await list(SAME_E164);
    expect(await optOutCount()).to.deep.equal({ reachable: 1, opted_out: 2 });
    expect(await optedOutFlags()).to.deep.equal({ [a]: 0, [b]: 1, [c]: 1 });
    // Older than everything listed: the row count still moves.
    await list(e164Of(a), '2001-01-01 00:00:00');
    expect(await optOutCount()).to.deep.equal({ reachable: 0, opted_out: 3 });
    await unlist(SAME_E164);
    expect(await optOutCount()).to.deep.equal({ reachable: 1, opted_out: 1 });
    expect(await optedOutFlags()).to.deep.equal({ [a]: 1, [b]: 0, [c]: 0 });
    // One row out and one in with the same count: the newest date moves.
    await unlist(e164Of(a));
    await list(SAME_E164, '2025-06-01 00:00:00');
    expect(await optOutCount()).to.deep.equal({ reachable: 1, opted_out: 2 });
    expect(await optedOutFlags()).to.deep.equal({ [a]: 0, [b]: 1, [c]: 1 });
  });

  it('counts every change of the list at once, between sweeps too, as the export sees it', async () => {
    const [a, b, c] = [await shop.customer(), await shop.customer(), await shop.customer()];
    const between = { at: AT, sweepEverySeconds: 3600 };
    const opted = async () => {
      const { reachable, dropped } = await countSegment(t.db, only(), between);
      let exported = 0;
      for await (const _ of await segmentRecipients(t.db, only(), between)) exported++;
      expect(exported, 'export').to.equal(reachable);
      return dropped.opted_out;
    };
    expect(await opted()).to.equal(0);
    await list(e164Of(a), toSqlDateTime(new Date()));
    expect(await opted(), 'listed now').to.equal(1);
    await unlist(e164Of(a));
    await list(e164Of(b), '2001-01-01 00:00:00');
    expect(await opted(), 'one out, one in with an older date').to.equal(1);
    expect(await optedOutFlags()).to.deep.equal({ [a]: 0, [b]: 1, [c]: 0 });
    await list(e164Of(c), '2000-01-01 00:00:00');
    expect(await opted(), 'listed with an older date').to.equal(2);
    await unlist(e164Of(b));
    expect(await opted(), 'removed').to.equal(1);
    expect(await optedOutFlags()).to.deep.equal({ [a]: 0, [b]: 0, [c]: 1 });
  });

  it('checks the whole list every 15 minutes, so a removal that keeps the fingerprint is seen too', async () => {
    const [a, b, c] = [await shop.customer(), await shop.customer(), await shop.customer()];
    const sweep = async () => (await countSegment(t.db, only(), { at: AT, sweepEverySeconds: 0 })).dropped.opted_out;
    await list(e164Of(a), '2025-01-01 00:00:00');
    await list(e164Of(c), '2025-06-01 00:00:00');
    expect(await sweep()).to.equal(2);
    // One number out, another in with an older date: the same row count and newest date.
    await unlist(e164Of(a));
    await list(e164Of(b), '2024-01-01 00:00:00');
    expect(await sweep()).to.equal(2);
    expect(await optedOutFlags(), 'not seen while the last check is recent').to.deep.equal({ [a]: 1, [b]: 0, [c]: 1 });
    const longAgo = toSqlDateTime(new Date(Date.now() - (RECHECK_LIST_SECONDS + 1) * 1000));
    await t.db.knex(t.db.ownTable('sync_state')).where({ name: 'opt_out_flags_checked' }).update({ updated_at: longAgo });
    expect(await sweep()).to.equal(2);
    expect(await optedOutFlags()).to.deep.equal({ [a]: 0, [b]: 1, [c]: 1 });
    expect(await optOutCount()).to.deep.equal({ reachable: 1, opted_out: 2 });
  });

  it('reads the list for the number it gives a customer, with the list unchanged', async () => {
    await list(SAME_E164);
    const a = await shop.customer();
    expect(await optOutCount()).to.deep.equal({ reachable: 1, opted_out: 0 });
    const address = await shop.address(a, { phone_mobile: SAME, date_add: '2024-01-01 00:00:00' });
    expect(await optOutCount()).to.deep.equal({ reachable: 0, opted_out: 1 });
    await shop.updateAddress(address, { phone_mobile: '0612000502', date_upd: savedNow() });
    expect(await optOutCount()).to.deep.equal({ reachable: 1, opted_out: 0 });
    expect(await optedOutFlags()).to.deep.equal({ [a]: 0 });
  });

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

  it('runs refreshes from several instances at once without a deadlock, each address ingested once', async () => {
    for (let i = 0; i < 8; i++) await shop.customer({ mobile: i % 2 ? SAME : undefined });
    // Eight counts at once, as eight instances would, every one finding the same new addresses.
    const counts = await Promise.all(Array.from({ length: 8 }, () => countSegment(t.db, only(), options)));
    expect(counts.map((c) => c.reachable)).to.deep.equal(Array(8).fill(5));
    expect(await flags()).to.deep.equal({ 1: 0, 2: 1, 3: 0, 4: 1, 5: 0, 6: 1, 7: 0, 8: 1 });
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
      const rows = await t.db.knex(t.db.ownTable('customer_phone')).select('id_customer', 'shared', 'opted_out').orderBy('id_customer');
      expect(rows.map((r) => [Number(r.id_customer), Number(r.shared), Number(r.opted_out)])).to.deep.equal([[1, 1, 0], [2, 0, 0], [3, 1, 0], [4, 0, 0]]);
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
