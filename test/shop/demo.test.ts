import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { applySqlFile, connectDatabase, migrate, ShopDb } from '../../service/src/db';
import { countSegment } from '../../service/src/segments';
import { createDemoShop, demoSchemaFile, demoTableNames, hasDemoShop } from '../../service/src/shop';
import { describeEachDialect, TestDatabase, TestDialect } from '../helpers/databases';

// 12:00 on the shop's Paris clock: every generated date must fall in the 3 years before it.
const NOW = new Date('2025-06-15T10:00:00Z');
const WINDOW = { from: '2022-06-15 12:00:00', to: '2025-06-15 12:00:00' };
const SIZE = 500;

async function demoDatabase(dialect: TestDialect, seed: number, customers = SIZE, prefix?: string): Promise<TestDatabase> {
  const t = await dialect.create(prefix);
  await createDemoShop(t.db, { customers, seed, now: NOW });
  return t;
}

/** Every row of every demo table, in key order. */
async function dump(db: ShopDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of demoTableNames()) out[name] = await db.knex(db.shopTable(name)).select('*').orderByRaw('1, 2');
  return out;
}

async function one(db: ShopDb, sql: string): Promise<number> {
  const result = await db.knex.raw(sql.replace(/\{(\w+)\}/g, (_, name: string) => `\`${db.shopTable(name)}\``));
  const rows = db.dialect === 'mysql' ? result[0] : result;
  return Number(Object.values(rows[0])[0]);
}

/** table.index names of the secondary indexes, as the database reports them. */
async function indexNames(db: ShopDb): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const rows: Array<{ tbl_name: string; name: string }> = await db.knex('sqlite_master').where('type', 'index').whereNotNull('sql').select('tbl_name', 'name');
    return rows.map((r) => `${r.tbl_name}.${r.name}`).sort();
  }
  const [rows] = await db.knex.raw("SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'");
  return (rows as Array<{ t: string; i: string }>).map((r) => `${r.t}.${r.i}`).sort();
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describeEachDialect('demo shop', (dialect) => {
  let t: TestDatabase;
  before(async function () {
    this.timeout(60_000);
    t = await demoDatabase(dialect, 7);
  });
  after(async () => {
    await t?.drop();
  });

  it('writes identical rows for the same seed, size and now, and different ones for another seed', async function () {
    this.timeout(60_000);
    const again = await demoDatabase(dialect, 7);
    const other = await demoDatabase(dialect, 8);
    try {
      const first = await dump(t.db);
      expect(await dump(again.db)).to.deep.equal(first);
      expect((await dump(other.db)).customer).not.to.deep.equal(first.customer);
    } finally {
      await again.drop();
      await other.drop();
    }
  });

  it('gives every order an existing customer and delivery and invoice addresses of that customer', async () => {
    expect(await one(t.db, 'SELECT COUNT(*) FROM {orders} o LEFT JOIN {customer} c ON c.id_customer = o.id_customer WHERE c.id_customer IS NULL')).to.equal(0);
    for (const column of ['id_address_delivery', 'id_address_invoice']) {
      const sql = `SELECT COUNT(*) FROM {orders} o LEFT JOIN {address} a ON a.id_address = o.${column} AND a.id_customer = o.id_customer WHERE a.id_address IS NULL`;
      expect(await one(t.db, sql), column).to.equal(0);
    }
    const orders = await one(t.db, 'SELECT COUNT(*) FROM {orders}');
    expect(orders / SIZE).to.be.within(2.3, 3.7);
  });

  it("sets valid from the logable flag of the order's current state, with both values present", async () => {
    expect(await one(t.db, 'SELECT COUNT(*) FROM {orders} o JOIN {order_state} s ON s.id_order_state = o.current_state WHERE o.valid <> s.logable')).to.equal(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {orders} WHERE valid = 0')).to.be.above(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {orders} WHERE valid = 1')).to.be.above(0);
  });

  it('ends each order history in the current state, starting at the order date and never going back in time', async () => {
    const lastState = `SELECT COUNT(*) FROM {orders} o JOIN {order_history} h ON h.id_order_history =
      (SELECT MAX(h2.id_order_history) FROM {order_history} h2 WHERE h2.id_order = o.id_order) WHERE h.id_order_state <> o.current_state`;
    expect(await one(t.db, lastState)).to.equal(0);
    const firstDate = `SELECT COUNT(*) FROM {orders} o JOIN {order_history} h ON h.id_order_history =
      (SELECT MIN(h2.id_order_history) FROM {order_history} h2 WHERE h2.id_order = o.id_order) WHERE h.date_add <> o.date_add`;
    expect(await one(t.db, firstDate)).to.equal(0);
    const backwards = `SELECT COUNT(*) FROM {order_history} a JOIN {order_history} b ON b.id_order = a.id_order
      AND b.id_order_history = a.id_order_history + 1 WHERE b.date_add < a.date_add`;
    expect(await one(t.db, backwards)).to.equal(0);
  });

  it('converts CHF orders with a rate other than 1 and leaves EUR orders at 1', async () => {
    const rows: Array<{ id_currency: number; conversion_rate: string | number }> = await t.db.knex(t.db.shopTable('orders')).select('id_currency', 'conversion_rate');
    const chf = rows.filter((r) => Number(r.id_currency) === 2);
    expect(chf.length).to.be.above(0);
    expect(chf.every((r) => Number(r.conversion_rate) !== 1 && Number(r.conversion_rate) > 0.9)).to.equal(true);
    expect(rows.filter((r) => Number(r.id_currency) === 1).every((r) => Number(r.conversion_rate) === 1)).to.equal(true);
  });

  it('puts every customer in a group, guests in group 2 only, and some customers in the VIP group', async () => {
    expect(await one(t.db, 'SELECT COUNT(*) FROM {customer} c WHERE NOT EXISTS (SELECT 1 FROM {customer_group} g WHERE g.id_customer = c.id_customer)')).to.equal(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {customer} c JOIN {customer_group} g ON g.id_customer = c.id_customer WHERE c.is_guest = 1 AND g.id_group <> 2')).to.equal(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {customer} c JOIN {customer_group} g ON g.id_customer = c.id_customer WHERE c.is_guest = 0 AND g.id_group = 2')).to.equal(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {customer} WHERE is_guest = 1')).to.be.above(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {customer_group} WHERE id_group = 4')).to.be.above(0);
  });

  it('spreads customers over both shops, genders including unknown, and the awkward account states', async () => {
    for (const shop of [1, 2]) expect(await one(t.db, `SELECT COUNT(*) FROM {customer} WHERE id_shop = ${shop}`), `shop ${shop}`).to.be.above(0);
    for (const gender of [0, 1, 2]) expect(await one(t.db, `SELECT COUNT(*) FROM {customer} WHERE id_gender = ${gender}`), `gender ${gender}`).to.be.above(0);
    for (const condition of ['deleted = 1', 'active = 0 AND deleted = 0', 'newsletter = 1', 'optin = 1', "TRIM(company) <> '' OR TRIM(siret) <> ''", "company = ' '"]) {
      expect(await one(t.db, `SELECT COUNT(*) FROM {customer} WHERE ${condition}`), condition).to.be.above(0);
    }
  });

  it('leaves some birthdays NULL and some zero, the rest real dates', async () => {
    expect(await one(t.db, 'SELECT COUNT(*) FROM {customer} WHERE birthday IS NULL')).to.be.above(0);
    expect(await one(t.db, "SELECT COUNT(*) FROM {customer} WHERE birthday = '0000-00-00'")).to.be.above(0);
    expect(await one(t.db, "SELECT COUNT(*) FROM {customer} WHERE birthday > '1930-01-01'")).to.be.above(SIZE / 2);
  });

  it('types phone numbers the ways buyers do: mobiles, landlines, junk, blanks, mobiles in the phone field', async () => {
    const rows: Array<{ phone: string | null; phone_mobile: string | null; iso_code: CountryCode }> = await t.db
      .knex(`${t.db.shopTable('address')} as a`)
      .join(`${t.db.shopTable('country')} as c`, 'c.id_country', 'a.id_country')
      .where('a.id_customer', '>', 0)
      .select('a.phone', 'a.phone_mobile', 'c.iso_code');
    const kind = (value: string | null, country: CountryCode) => {
      if (value === null) return 'null';
      if (value.trim() === '') return value === '' ? 'empty' : 'whitespace';
      const parsed = parsePhoneNumberFromString(value, country);
      return parsed?.isValid() ? (parsed.getType() ?? 'unknown') : 'junk';
    };
    const seen = new Set<string>();
    for (const r of rows) {
      seen.add(`mobile field: ${kind(r.phone_mobile, r.iso_code)}`);
      seen.add(`phone field: ${kind(r.phone, r.iso_code)}`);
    }
    for (const expected of ['MOBILE', 'FIXED_LINE', 'junk', 'empty', 'null', 'whitespace']) expect([...seen]).to.include(`mobile field: ${expected}`);
    for (const expected of ['MOBILE', 'FIXED_LINE', 'empty', 'null']) expect([...seen]).to.include(`phone field: ${expected}`);
    expect(rows.some((r) => /^(\+|00)/.test(r.phone_mobile ?? ''))).to.equal(true);
  });

  it('places addresses in all four countries, keeps deleted ones, and adds supplier addresses with id_customer 0', async () => {
    const sql = 'SELECT COUNT(DISTINCT c.iso_code) FROM {address} a JOIN {country} c ON c.id_country = a.id_country WHERE a.id_customer > 0';
    expect(await one(t.db, sql)).to.equal(4);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {address} WHERE deleted = 1')).to.be.above(0);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {address} WHERE id_customer = 0')).to.be.above(0);
  });

  it('dates customers, addresses, orders and order history within the 3 years before now', async () => {
    for (const table of ['customer', 'address', 'orders', 'order_history', 'order_carrier']) {
      const outside = `SELECT COUNT(*) FROM {${table}} WHERE date_add < '${WINDOW.from}' OR date_add > '${WINDOW.to}'`;
      expect(await one(t.db, outside), table).to.equal(0);
    }
    expect(await one(t.db, `SELECT COUNT(*) FROM {orders} WHERE date_add < '2023-06-15 12:00:00'`)).to.be.above(0);
  });

  it('gives orders 9-letter references and tracking numbers only once shipped', async () => {
    const refs: Array<{ reference: string }> = await t.db.knex(t.db.shopTable('orders')).select('reference');
    expect(refs.every((r) => /^[A-Z]{9}$/.test(r.reference))).to.equal(true);
    expect(await one(t.db, 'SELECT COUNT(*) FROM {orders} o LEFT JOIN {order_carrier} c ON c.id_order = o.id_order WHERE c.id_order IS NULL')).to.equal(0);
    const notShipped = `SELECT COUNT(*) FROM {order_carrier} c WHERE c.tracking_number <> '' AND NOT EXISTS
      (SELECT 1 FROM {order_history} h JOIN {order_state} s ON s.id_order_state = h.id_order_state WHERE h.id_order = c.id_order AND s.shipped = 1)`;
    expect(await one(t.db, notShipped)).to.equal(0);
    expect(await one(t.db, "SELECT COUNT(*) FROM {order_carrier} WHERE tracking_number <> ''")).to.be.above(0);
  });

  it('holds the 13 default order states in French and English, and the shop configuration', async () => {
    expect(await one(t.db, 'SELECT COUNT(*) FROM {order_state_lang}')).to.equal(26);
    const config: Array<{ name: string; value: string }> = await t.db.knex(t.db.shopTable('configuration')).whereNull('id_shop').select('name', 'value');
    const values = Object.fromEntries(config.map((c) => [c.name, c.value]));
    expect(values).to.include({ PS_TIMEZONE: 'Europe/Paris', PS_CURRENCY_DEFAULT: '1', PS_LANG_DEFAULT: '1', PS_OS_SHIPPING: '4', PS_OS_COD_VALIDATION: '13' });
    expect(config.filter((c) => c.name.startsWith('PS_OS_'))).to.have.length(14);
    expect(await hasDemoShop(t.db)).to.equal(true);
  });

  it('rebuilds every secondary index of the schema after the bulk load', async () => {
    const schemaOnly = await dialect.create();
    try {
      await applySqlFile(schemaOnly.db, demoSchemaFile());
      const expected = await indexNames(schemaOnly.db);
      expect(expected).to.include(`${t.db.shopTable('orders')}.${dialect.name === 'sqlite' ? `${t.db.shopTable('orders')}_` : ''}date_add`);
      expect(await indexNames(t.db)).to.deep.equal(expected);
    } finally {
      await schemaOnly.drop();
    }
  });

  it('creates its tables under a non-default prefix and none under ps_', async () => {
    const shop = await demoDatabase(dialect, 1, 20, 'shop_');
    try {
      expect(await one(shop.db, 'SELECT COUNT(*) FROM {customer}')).to.equal(20);
      // shop_ + group and shop_ + shop_group: the reserved word works as a table name.
      expect(await shop.db.knex.schema.hasTable('shop_group')).to.equal(true);
      expect(await shop.db.knex.schema.hasTable('shop_shop_group')).to.equal(true);
      for (const name of demoTableNames()) expect(await shop.db.knex.schema.hasTable(`ps_${name}`), name).to.equal(false);
    } finally {
      await shop.drop();
    }
  });

  it('refuses to write over customers, and refuses --reset on PrestaShop tables it did not create', async () => {
    const shop = await dialect.create();
    try {
      await applySqlFile(shop.db, demoSchemaFile());
      await shop.db.knex(shop.db.shopTable('customer')).insert({
        id_gender: 1, firstname: 'Marie', lastname: 'Dupont', email: 'marie@example.com', date_add: WINDOW.to, date_upd: WINDOW.to,
      });
      const plain = await rejection(createDemoShop(shop.db, { customers: 5, seed: 1 }));
      expect(plain).to.include({ code: 'conflict' });
      expect(plain.message).to.match(/already has 1 customers.*--reset/);
      const reset = await rejection(createDemoShop(shop.db, { customers: 5, seed: 1, reset: true }));
      expect(reset).to.include({ code: 'conflict' });
      expect(reset.message).to.match(/not created by shopcast demo/);
      expect(await one(shop.db, 'SELECT COUNT(*) FROM {customer}')).to.equal(1);
    } finally {
      await shop.drop();
    }
  });

  it('regenerates a demo database on reset', async () => {
    const shop = await demoDatabase(dialect, 1, 10);
    try {
      const summary = await createDemoShop(shop.db, { customers: 20, seed: 2, now: NOW, reset: true });
      expect(summary.customers).to.equal(20);
      expect(await one(shop.db, 'SELECT COUNT(*) FROM {customer}')).to.equal(20);
      expect(await one(shop.db, 'SELECT COUNT(*) FROM {order_state}')).to.equal(13);
    } finally {
      await shop.drop();
    }
  });

  it('counts a reset demo like a fresh one: the cached numbers of the old customers go with them', async () => {
    const everyone = { shops: [1], criteria: [] };
    const options = { at: NOW, sweepEverySeconds: 0 };
    const [reset, fresh] = [await demoDatabase(dialect, 1, 30), await demoDatabase(dialect, 2, 20)];
    try {
      await migrate(reset.db);
      await migrate(fresh.db);
      await countSegment(reset.db, everyone, options);
      await createDemoShop(reset.db, { customers: 20, seed: 2, now: NOW, reset: true });
      // A customer id that had a number before the reset and has no address after it.
      for (const db of [reset.db, fresh.db]) await db.knex(db.shopTable('address')).where('id_customer', 5).delete();
      expect(await countSegment(reset.db, everyone, options)).to.deep.equal(await countSegment(fresh.db, everyone, options));
    } finally {
      await reset.drop();
      await fresh.drop();
    }
  });
});

describe('shopcast demo (command line)', function () {
  this.timeout(60_000);
  const root = path.resolve(__dirname, '..', '..');
  let dir: string;
  let url: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-demo-cli-'));
    url = `sqlite:${path.join(dir, 'shop.sqlite')}`;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'shopcast.js'), 'demo', ...args], {
      cwd: root,
      env: { ...process.env, SHOPCAST_DB_URL: url, SHOPCAST_DB_PREFIX: 'ps_', SHOPCAST_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });

  it('creates the demo shop and Shopcast tables in a SQLite file, and runs again only with --reset', async () => {
    const first = run('--customers', '50');
    expect(first.stderr).to.equal('');
    expect(first.status).to.equal(0);
    expect(first.stdout).to.match(/demo shop ready: 50 customers, \d+ addresses, \d+ orders, \d+ order states, \d+ rows in [\d.]+ s/);
    const db = connectDatabase(url, 'ps_');
    try {
      expect(await one(db, 'SELECT COUNT(*) FROM {customer}')).to.equal(50);
      expect(await db.knex.schema.hasTable(db.ownTable('migration'))).to.equal(true);
    } finally {
      await db.close();
    }
    const again = run('--customers', '50');
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/already has 50 customers.*--reset/);
    const reset = run('--customers', '30', '--seed', '9', '--reset');
    expect(reset.status).to.equal(0);
    expect(reset.stdout).to.match(/demo shop ready: 30 customers/);
  });

  it('rejects a size that is not a positive whole number with exit code 2', () => {
    const out = run('--customers', '0');
    expect(out.status).to.equal(2);
    expect(out.stderr).to.equal('shopcast: --customers: expected at least 1 customer\n');
  });
});
