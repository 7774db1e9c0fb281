import { expect } from 'chai';
import { compileSegment } from '../../service/src/segments/compile';
import { shopClock } from '../../service/src/segments/dates';
import { countRecipients, CountRow } from '../../service/src/segments/recipients';
import { countSegment, parseSegment, refreshAddressPhones } from '../../service/src/segments';
import { hasOrdersIndex, ORDERS_INDEX } from '../../service/src/segments/shop-facts';
import { describeEachDialect, TestDatabase, TestDialect } from '../helpers/databases';
import { AT, COUNTRY, ShopFixture } from './fixtures';

/**
 * The count path (countSegment: customer-first, or window-first when the optional orders index is
 * there) against the compiled query the stream and export use (compileSegment + countRecipients),
 * over many criteria combinations on a shop where every criterion has customers on both sides,
 * with and without the index. Any difference is a bug in one.
 */

/** A small deterministic generator, so a failure names a reproducible shop. */
function picker(seed: number) {
  let state = seed;
  return <T>(choices: readonly T[]): T => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return choices[(state >>> 8) % choices.length];
  };
}

const ORDER_DATES = [
  '2019-05-01 12:00:00', '2023-01-10 08:00:00', '2024-06-15 09:59:59', '2024-06-15 10:00:00', '2024-10-01 00:00:00',
  '2024-12-15 10:00:00', '2025-01-01 00:00:00', '2025-03-15 09:59:59', '2025-03-15 10:00:00', '2025-05-20 18:30:00',
  '2025-06-15 10:00:00', '2025-06-15 10:00:01', '2025-09-01 00:00:00',
];
const TOTALS: Array<[string, string]> = [['10.000000', '1.000000'], ['50.000000', '1.000000'], ['100.000000', '1.000000'], ['110.000000', '1.100000'], ['100.000000', '3.000000'], ['250.000000', '1.000000']];
const MOBILES = [undefined, undefined, undefined, null, '  ', 'ask the neighbour', '01 23 45 67 89', '0612000001', '0699000006'];

/** About 80 customers mixing every attribute the criteria read, their addresses and orders. */
async function mixedShop(shop: ShopFixture, seed: number): Promise<void> {
  const pick = picker(seed);
  for (let i = 0; i < 80; i++) {
    const id = await shop.customer({
      id_shop: pick([1, 1, 1, 2]),
      id_gender: pick([1, 2]),
      newsletter: pick([0, 1]),
      optin: pick([0, 1]),
      birthday: pick([null, '0000-00-00', '1990-05-00', '1990-06-15', '1985-02-28', '2000-06-16', '1970-12-31', '1999-06-15']),
      active: pick([1, 1, 1, 1, 0]),
      deleted: pick([0, 0, 0, 0, 0, 1]),
      company: pick([null, null, '', '  ', 'ACME']),
      siret: pick([null, null, '12345678900011']),
      date_add: pick(['2019-03-01 00:00:00', '2021-12-31 23:59:59', '2022-01-01 00:00:00', '2024-06-15 10:00:00', '2025-06-01 00:00:00']),
      groups: pick([[3], [3], [1, 3], [4], [], [2], [3, 4]]),
      mobile: pick(MOBILES),
    });
    if (pick([0, 0, 0, 1]) === 1) await shop.address(id, { id_country: COUNTRY.BE, phone_mobile: pick(['0470 12 34 56', '0470 00 00 01', '0470 00 00 02', '0470 00 00 03']), date_add: '2024-01-01 00:00:00' });
    for (let n = pick([0, 0, 1, 1, 2, 3, 4, 6]); n > 0; n--) {
      const [total, rate] = pick(TOTALS);
      await shop.order(id, { date_add: pick(ORDER_DATES), total, rate, valid: pick([1, 1, 1, 0]), id_shop: pick([1, 2]) });
    }
  }
  await shop.optOut('+33699000006');
}

const ORDER_CRITERIA: object[] = [
  { field: 'orders_count', op: '>', value: 2, months: 12 },
  { field: 'orders_count', op: '=', value: 0, months: 12 },
  { field: 'orders_count', op: '<', value: 2, months: 6 },
  { field: 'orders_count', op: '>', value: 0, months: 3 },
  { field: 'orders_count', op: '=', value: 1, months: 6 },
  { field: 'orders_count', op: '<', value: 1, months: 3 },
  { field: 'orders_total', op: '>', value: 100, months: 6 },
  { field: 'orders_total', op: '<', value: 50, months: 6 },
  { field: 'orders_total', op: '=', value: 100, months: 12 },
  { field: 'orders_total', op: '>', value: 0, months: 120 },
  { field: 'last_order', withinMonths: 3 },
  { field: 'last_order', op: 'before', date: '2025-01-01' },
  { field: 'last_order', op: 'after', date: '2024-06-14' },
  { field: 'last_order', op: 'between', from: '2024-06-15', to: '2025-03-15' },
  { field: 'has_ordered', value: true },
  { field: 'has_ordered', value: false },
];

const CUSTOMER_CRITERIA: object[] = [
  { field: 'newsletter', value: true },
  { field: 'optin', value: false },
  { field: 'age', op: '>', value: 30 },
  { field: 'age', op: 'between', min: 20, max: 40 },
  { field: 'gender', value: 'female' },
  { field: 'gender', value: 'any' },
  { field: 'group', in: [3] },
  { field: 'group', in: [1, 4] },
  { field: 'registered', op: 'before', date: '2022-01-01' },
  { field: 'registered', withinMonths: 12 },
  { field: 'customer_type', value: 'business' },
  { field: 'customer_type', value: 'individual' },
  { field: 'country', in: ['FR'] },
  { field: 'country', in: ['BE', 'US'] },
];

const SINGLES = [...ORDER_CRITERIA, ...CUSTOMER_CRITERIA];

function pairs<T>(xs: T[], ys: T[]): T[][] {
  return xs.flatMap((x, i) => ys.filter((_, j) => ys !== xs || j > i).map((y) => [x, y]));
}

describeEachDialect('segment count path against the compiled query', (dialect) => {
  for (const indexed of [false, true]) describeCounts(dialect, indexed);
});

function describeCounts(dialect: TestDialect, indexed: boolean): void {
  describe(indexed ? 'with the optional orders index (window first)' : 'with PrestaShop indexes only (customer first)', () => {
    let t: TestDatabase;
    let shop: ShopFixture;
    const options = { at: AT, sweepEverySeconds: 3600 };
    const clock = shopClock(AT, 'Europe/Paris');

    before(async function () {
      this.timeout(120_000);
      ({ t, shop } = await ShopFixture.open(dialect));
      await mixedShop(shop, 20251203);
      await refreshAddressPhones(t.db, { zone: 'Europe/Paris' });
      const orders = t.db.shopTable('orders');
      if (indexed) await t.db.knex.raw(`CREATE INDEX ${ORDERS_INDEX} ON ${orders} (id_customer, valid, date_add, total_paid_tax_incl, conversion_rate)`);
    });
    after(async () => {
      await t?.drop();
    });

    async function expectSameCounts(segments: Array<{ shops: number[]; criteria: object[] }>): Promise<CountRow[]> {
      const counts: CountRow[] = [];
      for (const segment of segments) {
        const compiled = await countRecipients(t.db, compileSegment(t.db, clock, parseSegment(segment)));
        const counted = await countSegment(t.db, segment, options);
        expect(counted, JSON.stringify(segment)).to.deep.equal(compiled);
        counts.push(counted);
      }
      return counts;
    }

    it(`sees the orders index ${indexed ? 'in place' : 'missing'}`, async () => {
      expect(await hasOrdersIndex(t.db)).to.equal(indexed);
    });

    it('agrees on every single criterion, and the shop puts customers on both sides of each', async () => {
      const all = (await expectSameCounts([{ shops: [1], criteria: [] }]))[0].matched;
      const counts = await expectSameCounts(SINGLES.map((c) => ({ shops: [1], criteria: [c] })));
      const split = counts.filter((c) => c.matched > 0 && c.matched < all).length;
      expect(split, 'criteria that split the shop').to.equal(SINGLES.length - 1); // gender any keeps everyone
    });

    it('agrees on every pair of an order criterion with another criterion', async function () {
      this.timeout(120_000);
      const segments = [...pairs(ORDER_CRITERIA, ORDER_CRITERIA), ...pairs(ORDER_CRITERIA, CUSTOMER_CRITERIA)].map((criteria) => ({ shops: [1], criteria }));
      const counts = await expectSameCounts(segments);
      expect(counts.filter((c) => c.matched > 0).length, 'pairs matching someone').to.be.greaterThan(segments.length / 2);
    });

    it('agrees on triples and on other shops', async function () {
      this.timeout(120_000);
      const pick = picker(42);
      const triples = Array.from({ length: 60 }, () => [pick(ORDER_CRITERIA), pick(ORDER_CRITERIA), pick(CUSTOMER_CRITERIA)]);
      const shops = [[2], [1, 2]].flatMap((ids) => [[], ...pairs(ORDER_CRITERIA.slice(0, 8), CUSTOMER_CRITERIA.slice(0, 7))].map((criteria) => ({ shops: ids, criteria })));
      await expectSameCounts([...triples.map((criteria) => ({ shops: [1], criteria })), ...shops]);
    });
  });
}
