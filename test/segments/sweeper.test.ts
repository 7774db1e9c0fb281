import { expect } from 'chai';
import { DateTime } from 'luxon';
import { countSegment, startAddressSweeper, AddressSweeper, STALE_AFTER_SECONDS } from '../../service/src/segments';
import { createLogger } from '../../service/src/logging';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { only, ShopFixture } from './fixtures';

const savedNow = () => DateTime.now().setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss');

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDialect('address sweeper', (dialect) => {
  let t: TestDatabase;
  let shop: ShopFixture;
  let sweeper: AddressSweeper | undefined;

  beforeEach(async () => {
    ({ t, shop } = await ShopFixture.open(dialect));
  });
  afterEach(async () => {
    await sweeper?.stop();
    sweeper = undefined;
    await t.drop();
  });

  const chosen = (id: number) => t.db.knex(t.db.ownTable('customer_phone')).first('phone', 'drop_reason').where('id_customer', id);

  it('sweeps at start and then on its timer, so a count that trusts it sees edited and deleted addresses', async () => {
    const edited = await shop.customer();
    const removed = await shop.customer();
    sweeper = startAddressSweeper(t.db, createLogger('silent'), 0.2);
    await until('the first sweep', () => chosen(edited), (row) => row?.phone === '+33612000001');

    await shop.updateAddress(edited, { phone_mobile: '01 23 45 67 89', date_upd: savedNow() });
    await t.db.knex(t.db.shopTable('address')).where({ id_customer: removed }).delete();
    await until('the edit to reach the cache', () => chosen(edited), (row) => row?.drop_reason === 'landline');
    await until('the deletion to reach the cache', () => chosen(removed), (row) => row === undefined || row.phone === null);

    // What the service's routes ask for: no inline sweep while the background one is recent.
    const count = await countSegment(t.db, only(), { sweepEverySeconds: STALE_AFTER_SECONDS });
    expect(count).to.deep.include({ matched: 2, reachable: 0 });
    expect(count.dropped).to.deep.include({ landline: 1, no_number: 1 });
  });

  it('stops after the sweep in flight and sweeps no more', async () => {
    const id = await shop.customer();
    sweeper = startAddressSweeper(t.db, createLogger('silent'), 0.1);
    await sweeper.stop();
    await until('the first sweep', () => chosen(id), (row) => row?.phone === '+33612000001');
    const stamp = () => t.db.knex(t.db.ownTable('sync_state')).first('updated_at').where('name', 'address_phone_sweep');
    const before = await stamp();
    await new Promise((r) => setTimeout(r, 1200));
    expect(await stamp()).to.deep.equal(before);
  });
});
