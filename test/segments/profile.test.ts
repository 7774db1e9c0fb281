import { expect } from 'chai';
import { ShopcastError } from '../../service/src/errors';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { only, ShopFixture } from './fixtures';

describeEachDialect('segment criteria on the customer', (dialect) => {
  let t: TestDatabase;
  let shop: ShopFixture;

  beforeEach(async () => {
    ({ t, shop } = await ShopFixture.open(dialect));
  });
  afterEach(async () => {
    await t.drop();
  });

  it('starts from active, not deleted customers of the chosen shops, guests included', async () => {
    const regular = await shop.customer();
    const guest = await shop.customer({ is_guest: 1, groups: [2] });
    await shop.customer({ active: 0 });
    await shop.customer({ deleted: 1 });
    const second = await shop.customer({ id_shop: 2 });
    expect(await shop.matched(only())).to.deep.equal([regular, guest]);
    expect(await shop.matched({ shops: [2], criteria: [] })).to.deep.equal([second]);
    expect(await shop.matched({ shops: [1, 2], criteria: [] })).to.deep.equal([regular, guest, second]);
  });

  it('filters on newsletter and optin flags', async () => {
    const both = await shop.customer({ newsletter: 1, optin: 1 });
    const news = await shop.customer({ newsletter: 1 });
    const none = await shop.customer();
    expect(await shop.matched(only({ field: 'newsletter', value: true }))).to.deep.equal([both, news]);
    expect(await shop.matched(only({ field: 'newsletter', value: false }))).to.deep.equal([none]);
    expect(await shop.matched(only({ field: 'optin', value: true }))).to.deep.equal([both]);
    expect(await shop.matched(only({ field: 'optin', value: false }, { field: 'newsletter', value: true }))).to.deep.equal([news]);
  });

  it('counts whole years on the shop clock, the birthday itself included', async () => {
    const today25 = await shop.customer({ birthday: '2000-06-15' });
    const tomorrow24 = await shop.customer({ birthday: '2000-06-16' });
    const age40 = await shop.customer({ birthday: '1985-01-01' });
    expect(await shop.matched(only({ field: 'age', op: '=', value: 25 }))).to.deep.equal([today25]);
    expect(await shop.matched(only({ field: 'age', op: '>', value: 24 }))).to.deep.equal([today25, age40]);
    expect(await shop.matched(only({ field: 'age', op: '<', value: 25 }))).to.deep.equal([tomorrow24]);
    expect(await shop.matched(only({ field: 'age', op: 'between', min: 24, max: 25 }))).to.deep.equal([today25, tomorrow24]);
    expect(await shop.matched(only({ field: 'age', op: 'between', min: 25, max: 40 }))).to.deep.equal([today25, age40]);
    // 23:30 UTC on the 14th is already the 15th in Paris: the birthday has come.
    const lateUtc = { at: new Date('2025-06-14T23:30:00Z') };
    expect(await shop.matched(only({ field: 'age', op: '=', value: 25 }), lateUtc)).to.deep.equal([today25]);
    expect(await shop.matched(only({ field: 'age', op: '=', value: 25 }), { at: new Date('2025-06-14T21:30:00Z') })).to.deep.equal([]);
  });

  it('never matches a missing or zero birthday, whatever the operator', async () => {
    const valid = await shop.customer({ birthday: '1990-05-10' });
    for (const birthday of [null, '0000-00-00', '1990-00-10', '1990-05-00']) await shop.customer({ birthday });
    expect(await shop.matched(only({ field: 'age', op: '<', value: 150 }))).to.deep.equal([valid]);
    expect(await shop.matched(only({ field: 'age', op: '>', value: 0 }))).to.deep.equal([valid]);
    expect(await shop.matched(only({ field: 'age', op: 'between', min: 0, max: 150 }))).to.deep.equal([valid]);
  });

  it('ages someone born on 29 February on 1 March of a common year', async () => {
    const leapling = await shop.customer({ birthday: '2004-02-29' });
    const feb28 = { at: new Date('2025-02-28T12:00:00+01:00') };
    const mar1 = { at: new Date('2025-03-01T12:00:00+01:00') };
    expect(await shop.matched(only({ field: 'age', op: '=', value: 20 }), feb28)).to.deep.equal([leapling]);
    expect(await shop.matched(only({ field: 'age', op: '=', value: 21 }), mar1)).to.deep.equal([leapling]);
  });

  it('reads gender through gender.type and makes "any" no condition', async () => {
    const man = await shop.customer({ id_gender: 1 });
    const woman = await shop.customer({ id_gender: 2 });
    const unknown = await shop.customer({ id_gender: 0 });
    expect(await shop.matched(only({ field: 'gender', value: 'male' }))).to.deep.equal([man]);
    expect(await shop.matched(only({ field: 'gender', value: 'female' }))).to.deep.equal([woman]);
    expect(await shop.matched(only({ field: 'gender', value: 'any' }))).to.deep.equal([man, woman, unknown]);
  });

  it('takes group membership from customer_group, not the default group', async () => {
    const vip = await shop.customer({ groups: [3, 4] });
    const guest = await shop.customer({ groups: [2] });
    const defaultOnly = await shop.customer({ groups: [], id_default_group: 4 });
    expect(await shop.matched(only({ field: 'group', in: [4] }))).to.deep.equal([vip]).and.not.include(defaultOnly);
    expect(await shop.matched(only({ field: 'group', in: [2, 4] }))).to.deep.equal([vip, guest]);
    expect(await shop.matched(only({ field: 'group', in: [1] }))).to.deep.equal([]);
  });

  it('tells businesses by a company or siret that is not blank', async () => {
    const company = await shop.customer({ company: 'ACME' });
    const siret = await shop.customer({ siret: '73282932000074' });
    const blank = await shop.customer({ company: '   ', siret: '' });
    const plain = await shop.customer();
    expect(await shop.matched(only({ field: 'customer_type', value: 'business' }))).to.deep.equal([company, siret]);
    expect(await shop.matched(only({ field: 'customer_type', value: 'individual' }))).to.deep.equal([blank, plain]);
  });

  it('compares registration dates as whole days on the shop clock', async () => {
    const at = (date_add: string) => shop.customer({ date_add });
    const a = await at('2024-03-09 23:59:59');
    const b = await at('2024-03-10 00:00:00');
    const c = await at('2024-03-10 23:59:59');
    const d = await at('2024-03-11 00:00:00');
    const e = await at('2024-03-12 23:59:59');
    const f = await at('2024-03-13 00:00:00');
    const reg = (cond: object) => shop.matched(only({ field: 'registered', ...cond }));
    expect(await reg({ op: 'before', date: '2024-03-10' })).to.deep.equal([a]);
    expect(await reg({ op: 'after', date: '2024-03-10' })).to.deep.equal([d, e, f]);
    expect(await reg({ op: 'between', from: '2024-03-10', to: '2024-03-12' })).to.deep.equal([b, c, d, e]);
    expect(await reg({ op: 'between', from: '2024-03-10', to: '2024-03-10' })).to.deep.equal([b, c]);
  });

  it('includes both ends of "registered within 12 months" to the second', async () => {
    await shop.customer({ date_add: '2024-06-15 09:59:59' });
    const first = await shop.customer({ date_add: '2024-06-15 10:00:00' });
    const last = await shop.customer({ date_add: '2025-06-15 10:00:00' });
    await shop.customer({ date_add: '2025-06-15 10:00:01' });
    expect(await shop.matched(only({ field: 'registered', withinMonths: 12 }))).to.deep.equal([first, last]);
  });

  it('uses the shop time zone from PS_TIMEZONE', async () => {
    await shop.setZone('America/New_York');
    // 10:00 in Paris is 04:00 in New York: the window starts at 2024-06-15 04:00:00.
    const early = await shop.customer({ date_add: '2024-06-15 04:00:00' });
    expect(await shop.matched(only({ field: 'registered', withinMonths: 12 }))).to.deep.equal([early]);
  });

  it('rejects unknown or deleted shops and unknown groups, naming each', async () => {
    await shop.customer();
    const err = await shop.matched({ shops: [1, 3, 9], criteria: [{ field: 'group', in: [3, 77] }] }).catch((e) => e);
    expect(err).to.be.instanceOf(ShopcastError);
    expect(err.code).to.equal('invalid_input');
    expect(err.issues.map((i: { path: string; messages: object }) => [i.path, i.messages])).to.deep.equal([
      ['shops[1]', { en: 'shop 3 does not exist', fr: "la boutique 3 n'existe pas" }],
      ['shops[2]', { en: 'shop 9 does not exist', fr: "la boutique 9 n'existe pas" }],
      ['criteria[0].in[1]', { en: 'criterion 1 (group): group 77 does not exist', fr: "critère 1 (group) : le groupe 77 n'existe pas" }],
    ]);
  });
});

describeEachDialect('segments under another table prefix', (dialect) => {
  it('runs the same criteria on shop_-prefixed tables', async () => {
    const { t, shop } = await ShopFixture.open(dialect, 'shop_');
    try {
      const young = await shop.customer({ birthday: '2005-01-01', newsletter: 1 });
      await shop.customer({ birthday: '1960-01-01', newsletter: 1 });
      await shop.order(young, { date_add: '2025-05-01 12:00:00', total: '120.000000' });
      const segment = only(
        { field: 'age', op: '<', value: 30 },
        { field: 'orders_total', op: '>', value: 100, months: 6 },
        { field: 'group', in: [3] },
      );
      expect(await shop.matched(segment)).to.deep.equal([young]);
      const tables = await t.db.knex.raw(t.db.dialect === 'sqlite' ? "SELECT name FROM sqlite_master WHERE name LIKE 'ps%'" : "SHOW TABLES LIKE 'ps%'");
      expect(t.db.dialect === 'sqlite' ? tables : tables[0]).to.deep.equal([]);
    } finally {
      await t.drop();
    }
  });
});
