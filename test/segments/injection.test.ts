import { expect } from 'chai';
import { ShopcastError } from '../../service/src/errors';
import { countSegment, segmentRecipients } from '../../service/src/segments';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { AT, only, ShopFixture } from './fixtures';

const attacks = ["x' OR '1'='1", "1); DROP TABLE ps_customer; --", '" OR ""="', '\\\'; DELETE FROM ps_orders; #'];

describeEachDialect('segments against SQL injection', (dialect) => {
  let t: TestDatabase;
  let shop: ShopFixture;

  beforeEach(async () => {
    ({ t, shop } = await ShopFixture.open(dialect));
  });
  afterEach(async () => {
    await t.drop();
  });

  it('rejects SQL in every string field of the criteria before any query', async () => {
    await shop.customer();
    for (const attack of attacks) {
      const attempts = [
        { field: attack, value: true },
        { field: 'age', op: attack, value: 30 },
        { field: 'gender', value: attack },
        { field: 'country', in: [attack] },
        { field: 'registered', op: 'after', date: attack },
        { field: 'last_order', op: 'between', from: '2024-01-01', to: attack },
        { field: 'orders_total', op: '>', value: attack, months: 6 },
        { field: 'customer_type', value: attack },
        { field: 'group', in: [attack] },
      ];
      for (const criterion of attempts) {
        const err = await countSegment(t.db, only(criterion), { at: AT }).catch((e) => e);
        expect(err, JSON.stringify(criterion)).to.be.instanceOf(ShopcastError);
        expect(err.code).to.equal('invalid_input');
      }
    }
    expect(await t.db.knex(t.db.shopTable('customer')).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
  });

  it('treats SQL in shop data as plain text', async () => {
    for (const attack of attacks) {
      // an older address with a valid mobile, a newer one whose phone fields are the attack
      const id = await shop.customer({ firstname: attack, lastname: attack, company: attack });
      await shop.address(id, { phone_mobile: attack, phone: attack, date_add: '2024-01-01 00:00:00' });
    }
    const business = await countSegment(t.db, only({ field: 'customer_type', value: 'business' }), { at: AT });
    expect(business).to.deep.include({ matched: attacks.length, reachable: attacks.length });
    const names: string[] = [];
    for await (const r of await segmentRecipients(t.db, only(), { at: AT })) names.push(r.lastname);
    expect(names).to.deep.equal(attacks);
    expect(Number((await t.db.knex(t.db.shopTable('orders')).count({ n: '*' }))[0].n)).to.equal(0);
    expect(await t.db.knex.schema.hasTable(t.db.shopTable('customer'))).to.equal(true);
  });
});
