import { expect } from 'chai';
import { DateTime } from 'luxon';
import { countSegment, prepareSegment, refreshAddressPhones, segmentRecipients, Recipient } from '../../service/src/segments';
import { connectDatabase } from '../../service/src/db';
import { streamRecipients } from '../../service/src/segments/stream';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { AT, COUNTRY, e164Of, only, ShopFixture } from './fixtures';

/** What PrestaShop writes into date_upd when an address is saved now (or a few seconds later). */
const savedNow = (later = 0) => DateTime.now().plus({ seconds: later }).setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss');

async function collect(iterable: Promise<AsyncIterable<Recipient>>): Promise<Recipient[]> {
  const all: Recipient[] = [];
  for await (const r of await iterable) all.push(r);
  return all;
}

describeEachDialect('segment reachability', (dialect) => {
  let t: TestDatabase;
  let shop: ShopFixture;
  const options = { at: AT, sweepEverySeconds: 0 };

  beforeEach(async () => {
    ({ t, shop } = await ShopFixture.open(dialect));
  });
  afterEach(async () => {
    await t.drop();
  });

  /** Ten customers, one per situation; the comment gives each one's fate. */
  async function mixedShop(): Promise<void> {
    await shop.customer(); //                                    1 reachable
    await shop.customer({ mobile: null }); //                    2 no_number (no address)
    await shop.customer({ mobile: '  ' }); //                    3 no_number (empty fields)
    await shop.customer({ mobile: 'ask the neighbour' }); //     4 invalid
    await shop.customer({ mobile: '01 23 45 67 89' }); //        5 landline
    await shop.customer({ mobile: '06 99 00 00 06' }); //        6 opted_out
    await shop.customer({ mobile: '+33 6 12 00 00 01' }); //     7 duplicate of 1
    const belgian = await shop.customer({ mobile: null }); //    8 reachable, BE number
    await shop.address(belgian, { id_country: COUNTRY.BE, phone_mobile: '0470 12 34 56' });
    const nine = await shop.customer(); //                       9 reachable through its older address
    await shop.address(nine, { phone_mobile: '01 40 00 00 00', date_add: '2023-01-01 00:00:00' });
    await shop.customer({ mobile: '0699000006' }); //            10 opted_out, not duplicate
    await shop.optOut('+33699000006');
  }

  it('counts matched, reachable and each drop reason in one answer', async () => {
    await mixedShop();
    expect(await countSegment(t.db, only(), options)).to.deep.equal({
      matched: 10,
      reachable: 3,
      dropped: { no_number: 2, invalid: 1, landline: 1, opted_out: 2, duplicate: 1 },
    });
  });

  it('streams exactly the counted recipients, one per number, the lowest id keeping a shared one', async () => {
    await mixedShop();
    const expected = [
      [1, e164Of(1), 'FR'],
      [8, '+32470123456', 'BE'],
      [9, e164Of(9), 'FR'],
    ];
    const { compiled } = await prepareSegment(t.db, only(), options);
    for (const batchSize of [1, 2, 3, 1000]) {
      const snapshot = await collect(segmentRecipients(t.db, only(), { ...options, batchSize }));
      expect(snapshot.map((r) => [r.id_customer, r.phone, r.country])).to.deep.equal(expected);
      const direct = await collect(Promise.resolve(streamRecipients(t.db, compiled, batchSize)));
      expect(direct).to.deep.equal(snapshot);
    }
    const [first] = await collect(segmentRecipients(t.db, only(), options));
    expect(first).to.deep.equal({ id_customer: 1, phone: e164Of(1), country: 'FR', firstname: 'First1', lastname: 'Last1', email: 'c1@example.test', id_shop: 1, id_lang: 1 });
  });

  it('removes the export snapshot when the stream ends or is abandoned', async () => {
    await mixedShop();
    const members = () => t.db.knex(t.db.ownTable('segment_member')).count({ n: '*' }).then((r) => Number(r[0].n));
    const stream = await segmentRecipients(t.db, only(), { ...options, batchSize: 1 });
    await stream.next();
    expect(await members()).to.equal(10);
    await stream.return(undefined);
    expect(await members()).to.equal(0);
    await collect(segmentRecipients(t.db, only(), options));
    expect(await members()).to.equal(0);
    expect(await t.db.knex(t.db.ownTable('segment_run')).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('gives a shared number to the first matched customer, not to an unmatched lower id', async () => {
    await shop.customer({ newsletter: 0 });
    const second = await shop.customer({ newsletter: 1, mobile: '0612000001' });
    const third = await shop.customer({ newsletter: 1, mobile: '0612000001' });
    const segment = only({ field: 'newsletter', value: true });
    expect(await countSegment(t.db, segment, options)).to.deep.include({ matched: 2, reachable: 1 });
    const recipients = await collect(segmentRecipients(t.db, segment, { ...options, batchSize: 1 }));
    expect(recipients.map((r) => r.id_customer)).to.deep.equal([second]).and.not.include(third);
  });

  it('takes the country from the address the number comes from', async () => {
    await mixedShop();
    const be = only({ field: 'country', in: ['BE'] });
    expect(await countSegment(t.db, be, options)).to.deep.equal({
      matched: 1,
      reachable: 1,
      dropped: { no_number: 0, invalid: 0, landline: 0, opted_out: 0, duplicate: 0 },
    });
    expect(await shop.matched(only({ field: 'country', in: ['FR'] }))).to.deep.equal([1, 6, 7, 9, 10]);
    const fr = await collect(segmentRecipients(t.db, only({ field: 'country', in: ['FR'] }), { ...options, batchSize: 2 }));
    expect(fr.map((r) => r.id_customer)).to.deep.equal([1, 9]);
  });

  it('chooses the newest live address, the higher id on a tie, with no fall-back for a duplicate', async () => {
    const id = await shop.customer({ mobile: null });
    await shop.address(id, { phone_mobile: '0612000101', date_add: '2021-01-01 00:00:00' });
    const newer = await shop.address(id, { phone_mobile: '0612000102', date_add: '2022-01-01 00:00:00' });
    const phoneOf = async () => (await collect(segmentRecipients(t.db, only(), options))).map((r) => r.phone);
    expect(await phoneOf()).to.deep.equal(['+33612000102']);
    const tie = await shop.address(id, { phone_mobile: '0612000103', date_add: '2022-01-01 00:00:00' });
    expect(await phoneOf()).to.deep.equal(['+33612000103']);
    await shop.updateAddress(tie, { deleted: 1, date_upd: savedNow() });
    expect(await phoneOf()).to.deep.equal(['+33612000102']);
    await t.db.knex(t.db.shopTable('address')).where({ id_address: newer }).delete();
    expect(await phoneOf()).to.deep.equal(['+33612000101']);
    const other = await shop.customer({ mobile: '0612000101' });
    await shop.address(other, { phone_mobile: '0612000199', date_add: '2019-01-01 00:00:00' });
    expect(await countSegment(t.db, only(), options)).to.deep.include({ matched: 2, reachable: 1 });
  });

  it('drops opted-out numbers as soon as they are listed', async () => {
    await shop.customer();
    await shop.customer();
    expect((await countSegment(t.db, only(), options)).reachable).to.equal(2);
    await shop.optOut(e164Of(2));
    expect(await countSegment(t.db, only(), options)).to.deep.include({ reachable: 1, dropped: { no_number: 0, invalid: 0, landline: 0, opted_out: 1, duplicate: 0 } });
  });

  it('picks up new addresses by id and changed ones by date_upd', async () => {
    const id = await shop.customer({ mobile: 'none yet' });
    expect((await countSegment(t.db, only(), options)).dropped.invalid).to.equal(1);
    const added = await shop.address(id, { phone_mobile: '0612000777', date_add: '2024-01-01 00:00:00' });
    expect((await countSegment(t.db, only(), options)).reachable).to.equal(1);
    await shop.updateAddress(added, { phone_mobile: '01 23 45 67 89', date_upd: savedNow() });
    expect((await countSegment(t.db, only(), options)).dropped.landline).to.equal(1);
    const moved = await shop.customer({ mobile: null });
    await shop.updateAddress(added, { id_customer: moved, phone_mobile: '0612000778', date_upd: savedNow(2) });
    const recipients = await collect(segmentRecipients(t.db, only(), options));
    expect(recipients.map((r) => [r.id_customer, r.phone])).to.deep.equal([[moved, '+33612000778']]);
  });

  it('keeps addresses unseen when the refresh that found them fails before their customers are recomputed', async () => {
    const phones = t.db.ownTable('customer_phone');
    const away = `${phones}_away`;
    /** A count whose refresh fails at the recompute: the customer-phone table is away meanwhile. */
    const failingCount = async () => {
      await t.db.knex.raw('ALTER TABLE ?? RENAME TO ??', [phones, away]);
      const error = await countSegment(t.db, only(), options).then(() => null, (e: Error) => e);
      await t.db.knex.raw('ALTER TABLE ?? RENAME TO ??', [away, phones]);
      expect(error, 'the refresh should fail').to.be.instanceOf(Error);
    };
    const numbers = async () => (await collect(segmentRecipients(t.db, only(), options))).map((r) => r.phone);
    const first = await shop.customer({ mobile: null });
    const home = await shop.address(first, { phone_mobile: '0612000001' });
    expect(await numbers()).to.deep.equal(['+33612000001']);
    const second = await shop.customer({ mobile: '0612000002' });
    await failingCount();
    expect(await numbers(), 'a new address').to.deep.equal(['+33612000001', '+33612000002']);
    await shop.updateAddress(home, { phone_mobile: '0612000011', date_upd: savedNow() });
    await failingCount();
    expect(await numbers(), 'a changed address').to.deep.equal(['+33612000011', '+33612000002']);
    const newer = await shop.address(second, { phone_mobile: '0612000022', date_add: '2026-01-01 00:00:00' });
    expect(await numbers()).to.deep.equal(['+33612000011', '+33612000022']);
    await t.db.knex(t.db.shopTable('address')).where({ id_address: newer }).delete();
    await failingCount();
    expect(await numbers(), 'a hard-deleted address').to.deep.equal(['+33612000011', '+33612000002']);
  });

  if (dialect.name === 'mysql') {
    it('writes an export snapshot without waiting for rows the shop holds locked', async () => {
      await shop.customer();
      await shop.customer();
      const other = connectDatabase(t.url, 'ps_');
      const checkout = await other.knex.transaction();
      try {
        await checkout(t.db.shopTable('customer')).where({ id_customer: 1 }).update({ firstname: 'Edited' });
        const exported = collect(segmentRecipients(t.db, only(), options)).then((all) => all.map((r) => [r.id_customer, r.firstname]));
        const waited = new Promise((resolve) => setTimeout(() => resolve('waited for the lock'), 3000));
        expect(await Promise.race([exported, waited])).to.deep.equal([
          [1, 'First1'],
          [2, 'First2'],
        ]);
      } finally {
        await checkout.rollback();
        await other.close();
      }
    });
  }

  it('sweeps changed and hard-deleted addresses at most once per interval', async () => {
    const id = await shop.customer();
    const gone = await shop.address(id, { phone_mobile: '0612999990', date_add: '2019-01-01 00:00:00' });
    const zone = 'Europe/Paris';
    const start = new Date('2025-06-15T08:00:00Z');
    expect(await refreshAddressPhones(t.db, { zone, now: start })).to.deep.equal({ added: 2, changed: 0, removed: 0, swept: true });
    await shop.updateAddress(id, { phone_mobile: '0612999999', date_upd: '2025-06-15 10:00:05' });
    const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    await t.db.knex(t.db.shopTable('address')).where({ id_address: gone }).delete();
    expect(await refreshAddressPhones(t.db, { zone, now: later(30), sweepEverySeconds: 60 })).to.deep.equal({ added: 0, changed: 0, removed: 0, swept: false });
    expect(await refreshAddressPhones(t.db, { zone, now: later(61), sweepEverySeconds: 60 })).to.deep.equal({ added: 0, changed: 1, removed: 1, swept: true });
    expect(await refreshAddressPhones(t.db, { zone, now: later(200), sweepEverySeconds: 60 })).to.deep.equal({ added: 0, changed: 0, removed: 0, swept: true });
  });
});
