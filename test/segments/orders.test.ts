import { expect } from 'chai';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { only, ShopFixture } from './fixtures';

// The evaluation instant is 2025-06-15 10:00 on the Paris clock (fixtures.AT).
describeEachDialect('segment criteria on orders', (dialect) => {
  let t: TestDatabase;
  let shop: ShopFixture;

  beforeEach(async () => {
    ({ t, shop } = await ShopFixture.open(dialect));
  });
  afterEach(async () => {
    await t.drop();
  });

  it('counts only valid orders for has_ordered', async () => {
    const buyer = await shop.customer();
    const cancelled = await shop.customer();
    const never = await shop.customer();
    await shop.order(buyer, { date_add: '2021-01-01 00:00:00' });
    await shop.order(cancelled, { date_add: '2025-06-01 00:00:00', valid: 0 });
    expect(await shop.matched(only({ field: 'has_ordered', value: true }))).to.deep.equal([buyer]);
    expect(await shop.matched(only({ field: 'has_ordered', value: false }))).to.deep.equal([cancelled, never]);
  });

  it('judges last_order by the latest valid order only; never-ordered never match', async () => {
    const recent = await shop.customer();
    const old = await shop.customer();
    await shop.customer();
    await shop.order(recent, { date_add: '2024-01-01 12:00:00' });
    await shop.order(recent, { date_add: '2025-05-01 12:00:00' });
    await shop.order(old, { date_add: '2024-01-01 12:00:00' });
    await shop.order(old, { date_add: '2025-05-01 12:00:00', valid: 0 });
    const last = (cond: object) => shop.matched(only({ field: 'last_order', ...cond }));
    expect(await last({ withinMonths: 3 })).to.deep.equal([recent]);
    expect(await last({ op: 'before', date: '2025-01-01' })).to.deep.equal([old]);
    expect(await last({ op: 'after', date: '2024-06-01' })).to.deep.equal([recent]);
    expect(await last({ op: 'between', from: '2024-01-01', to: '2024-01-01' })).to.deep.equal([old]);
    expect(await last({ op: 'between', from: '2024-01-01', to: '2025-12-31' })).to.deep.equal([recent, old]);
  });

  it('puts the edges of "the last 12 months" at the evaluation time, start and end included', async () => {
    const atStart = await shop.customer();
    const before = await shop.customer();
    const atEnd = await shop.customer();
    const after = await shop.customer();
    await shop.order(atStart, { date_add: '2024-06-15 10:00:00' });
    await shop.order(before, { date_add: '2024-06-15 09:59:59' });
    await shop.order(atEnd, { date_add: '2025-06-15 10:00:00' });
    await shop.order(after, { date_add: '2025-06-15 10:00:01' });
    expect(await shop.matched(only({ field: 'orders_count', op: '>', value: 0, months: 12 }))).to.deep.equal([atStart, atEnd]);
  });

  it('clamps "1 month before 31 March" to the end of February', async () => {
    const onEdge = await shop.customer();
    const justBefore = await shop.customer();
    await shop.order(onEdge, { date_add: '2025-02-28 12:00:00' });
    await shop.order(justBefore, { date_add: '2025-02-28 11:59:59' });
    const at = { at: new Date('2025-03-31T12:00:00+02:00') };
    expect(await shop.matched(only({ field: 'orders_count', op: '=', value: 1, months: 1 }), at)).to.deep.equal([onEdge]);
  });

  it('counts customers without orders in the window as 0 orders', async () => {
    const none = await shop.customer();
    const onlyOld = await shop.customer();
    const onlyInvalid = await shop.customer();
    const one = await shop.customer();
    const three = await shop.customer();
    await shop.order(onlyOld, { date_add: '2023-01-01 00:00:00' });
    await shop.order(onlyInvalid, { date_add: '2025-05-01 00:00:00', valid: 0 });
    await shop.order(one, { date_add: '2025-05-01 00:00:00' });
    for (const day of ['01', '02', '03']) await shop.order(three, { date_add: `2025-04-${day} 00:00:00` });
    const count = (op: string, value: number) => shop.matched(only({ field: 'orders_count', op, value, months: 12 }));
    expect(await count('=', 0)).to.deep.equal([none, onlyOld, onlyInvalid]);
    expect(await count('<', 2)).to.deep.equal([none, onlyOld, onlyInvalid, one]);
    expect(await count('>', 1)).to.deep.equal([three]);
    expect(await count('=', 3)).to.deep.equal([three]);
    expect(await count('>', 0)).to.deep.equal([one, three]);
    expect(await count('<', 1)).to.deep.equal([none, onlyOld, onlyInvalid]);
    expect(await count('<', 0)).to.deep.equal([]);
  });

  it('converts each order with its own rate and compares the total exactly', async () => {
    const dollars = await shop.customer();
    const thirds = await shop.customer();
    const euros = await shop.customer();
    const zero = await shop.customer();
    await shop.order(dollars, { date_add: '2025-05-01 00:00:00', total: '110.000000', rate: '1.100000' });
    for (const day of ['01', '02', '03']) await shop.order(thirds, { date_add: `2025-05-${day} 00:00:00`, total: '100.000000', rate: '3.000000' });
    await shop.order(euros, { date_add: '2025-05-01 00:00:00', total: '100.010000' });
    await shop.order(euros, { date_add: '2025-05-02 00:00:00', total: '500.000000', valid: 0 });
    const total = (op: string, value: number) => shop.matched(only({ field: 'orders_total', op, value, months: 6 }));
    expect(await total('=', 100)).to.deep.equal([dollars, thirds]);
    expect(await total('>', 100)).to.deep.equal([euros]);
    expect(await total('=', 100.01)).to.deep.equal([euros]);
    expect(await total('<', 100)).to.deep.equal([zero]);
  });

  it('treats a customer without orders as a total of 0', async () => {
    const none = await shop.customer();
    const small = await shop.customer();
    const big = await shop.customer();
    await shop.order(small, { date_add: '2025-05-01 00:00:00', total: '20.000000' });
    await shop.order(big, { date_add: '2025-05-01 00:00:00', total: '80.000000' });
    await shop.order(big, { date_add: '2025-05-02 00:00:00', total: '20.000000' });
    expect(await shop.matched(only({ field: 'orders_total', op: '<', value: 50, months: 6 }))).to.deep.equal([none, small]);
    expect(await shop.matched(only({ field: 'orders_total', op: '=', value: 0, months: 6 }))).to.deep.equal([none]);
    expect(await shop.matched(only({ field: 'orders_total', op: '>', value: 99.99, months: 6 }))).to.deep.equal([big]);
  });

  it('counts a customer’s orders in every shop and filters customers by their own shop', async () => {
    const main = await shop.customer({ id_shop: 1 });
    const second = await shop.customer({ id_shop: 2 });
    await shop.order(main, { date_add: '2025-05-01 00:00:00', id_shop: 2 });
    await shop.order(second, { date_add: '2025-05-01 00:00:00', id_shop: 1 });
    const ordered = { field: 'orders_count', op: '=', value: 1, months: 6 };
    expect(await shop.matched({ shops: [1], criteria: [ordered] })).to.deep.equal([main]);
    expect(await shop.matched({ shops: [2], criteria: [ordered] })).to.deep.equal([second]);
    expect(await shop.matched({ shops: [1, 2], criteria: [ordered] })).to.deep.equal([main, second]);
  });

  it('combines criteria with AND', async () => {
    const target = await shop.customer({ newsletter: 1, birthday: '1990-01-01', id_gender: 2 });
    const noNews = await shop.customer({ newsletter: 0, birthday: '1990-01-01', id_gender: 2 });
    const tooPoor = await shop.customer({ newsletter: 1, birthday: '1990-01-01', id_gender: 2 });
    for (const id of [target, noNews]) await shop.order(id, { date_add: '2025-03-01 00:00:00', total: '150.000000' });
    await shop.order(tooPoor, { date_add: '2025-03-01 00:00:00', total: '50.000000' });
    const segment = only(
      { field: 'newsletter', value: true },
      { field: 'gender', value: 'female' },
      { field: 'age', op: 'between', min: 30, max: 40 },
      { field: 'orders_total', op: '>', value: 100, months: 6 },
      { field: 'last_order', withinMonths: 6 },
      { field: 'has_ordered', value: true },
    );
    expect(await shop.matched(segment)).to.deep.equal([target]);
  });
});
