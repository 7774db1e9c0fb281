import path from 'node:path';
import { applySqlFile, migrate, ShopDb } from '../../service/src/db';
import { projectRoot } from '../../service/src/paths';
import { withChosenNumber } from '../../service/src/segments/recipients';
import { prepareSegment, SegmentOptions } from '../../service/src/segments';
import type { TestDatabase, TestDialect } from '../helpers/databases';

/**
 * A hand-made PrestaShop shop for segmentation tests: the schema of sql/demo/prestashop.sql, a few
 * reference rows, and builders for customers, addresses and orders whose expected answers can be
 * read off the test. Never the random demo data.
 *
 * Reference data: shops 1 and 2 (group 1) and 3 (deleted); groups 1 Visitor, 2 Guest, 3 Customer,
 * 4 VIP; genders 1 (type 0, male) and 2 (type 1, female); countries FR (8), BE (3), US (21);
 * PS_TIMEZONE = Europe/Paris (global).
 */
export const COUNTRY = { FR: 8, BE: 3, US: 21 } as const;
/** The evaluation instant most tests use: 15 June 2025, 10:00 on the Paris clock. */
export const AT = new Date('2025-06-15T10:00:00+02:00');

export interface CustomerSpec {
  id_shop?: number;
  id_gender?: number;
  id_default_group?: number;
  firstname?: string;
  lastname?: string;
  email?: string;
  birthday?: string | null;
  newsletter?: number;
  optin?: number;
  active?: number;
  is_guest?: number;
  deleted?: number;
  company?: string | null;
  siret?: string | null;
  date_add?: string;
  groups?: number[];
  /** an FR address with this phone_mobile; default a unique valid mobile; null = no address */
  mobile?: string | null;
}

export interface AddressSpec {
  id_customer?: number;
  id_country?: number;
  phone?: string | null;
  phone_mobile?: string | null;
  date_add?: string;
  date_upd?: string;
  deleted?: number;
}

export interface OrderSpec {
  date_add: string;
  total?: string;
  rate?: string;
  valid?: number;
  id_shop?: number;
}

/** The mobile a customer gets by default: 06 12 followed by the id on 6 digits, always valid. */
export function defaultMobile(id: number): string {
  return `0612${String(id).padStart(6, '0')}`;
}

export function e164Of(id: number): string {
  return `+33612${String(id).padStart(6, '0')}`;
}

export class ShopFixture {
  private ids = { customer: 0, address: 0, order: 0 };

  constructor(readonly db: ShopDb) {}

  static async open(dialect: TestDialect, prefix = 'ps_'): Promise<{ t: TestDatabase; shop: ShopFixture }> {
    const t = await dialect.create(prefix);
    await migrate(t.db);
    await applySqlFile(t.db, path.join(projectRoot(), 'sql', 'demo', 'prestashop.sql'));
    const shop = new ShopFixture(t.db);
    await shop.reference();
    return { t, shop };
  }

  private table(name: string) {
    return this.db.knex(this.db.shopTable(name));
  }

  private async reference(): Promise<void> {
    const stamp = '2019-01-01 00:00:00';
    await this.table('shop_group').insert({ id_shop_group: 1, name: 'Default' });
    await this.table('shop').insert([
      { id_shop: 1, id_shop_group: 1, name: 'Main', active: 1, deleted: 0 },
      { id_shop: 2, id_shop_group: 1, name: 'Second', active: 1, deleted: 0 },
      { id_shop: 3, id_shop_group: 1, name: 'Gone', active: 0, deleted: 1 },
    ]);
    await this.table('group').insert([1, 2, 3, 4].map((id) => ({ id_group: id, date_add: stamp, date_upd: stamp })));
    await this.table('gender').insert([{ id_gender: 1, type: 0 }, { id_gender: 2, type: 1 }]);
    await this.table('country').insert(Object.entries(COUNTRY).map(([iso, id]) => ({ id_country: id, id_zone: 1, iso_code: iso, active: 1 })));
    await this.setZone('Europe/Paris');
  }

  async setZone(zone: string, idShop: number | null = null): Promise<void> {
    await this.table('configuration').where({ name: 'PS_TIMEZONE' }).delete();
    const stamp = '2019-01-01 00:00:00';
    await this.table('configuration').insert({ id_shop: idShop, id_shop_group: null, name: 'PS_TIMEZONE', value: zone, date_add: stamp, date_upd: stamp });
  }

  async customer(spec: CustomerSpec = {}): Promise<number> {
    const id = ++this.ids.customer;
    const { groups = [3], mobile, ...columns } = spec;
    await this.table('customer').insert({
      id_customer: id, id_shop_group: 1, id_shop: 1, id_gender: 1, id_lang: 1, firstname: `First${id}`, lastname: `Last${id}`,
      email: `c${id}@example.test`, birthday: null, newsletter: 0, optin: 0, active: 1, is_guest: 0, deleted: 0,
      company: null, siret: null, date_add: '2020-01-01 00:00:00', date_upd: '2020-01-01 00:00:00', ...columns,
    });
    if (groups.length) await this.table('customer_group').insert(groups.map((g) => ({ id_customer: id, id_group: g })));
    if (mobile !== null) await this.address(id, { phone_mobile: mobile ?? defaultMobile(id) });
    return id;
  }

  async address(idCustomer: number, spec: AddressSpec = {}): Promise<number> {
    const id = ++this.ids.address;
    await this.table('address').insert({
      id_address: id, id_country: COUNTRY.FR, id_customer: idCustomer, alias: 'home', lastname: 'L', firstname: 'F',
      address1: '1 rue de la Paix', city: 'Paris', phone: null, phone_mobile: null,
      date_add: '2020-01-01 00:00:00', date_upd: '2020-01-01 00:00:00', active: 1, deleted: 0, ...spec,
    });
    return id;
  }

  async updateAddress(idAddress: number, changes: AddressSpec): Promise<void> {
    await this.table('address').where({ id_address: idAddress }).update(changes);
  }

  async order(idCustomer: number, spec: OrderSpec): Promise<number> {
    const id = ++this.ids.order;
    await this.table('orders').insert({
      id_order: id, reference: `REF${id}`, id_shop_group: 1, id_shop: spec.id_shop ?? 1, id_carrier: 1, id_lang: 1,
      id_customer: idCustomer, id_cart: id, id_currency: 1, id_address_delivery: 0, id_address_invoice: 0,
      current_state: spec.valid === 0 ? 6 : 2, payment: 'Cheque', conversion_rate: spec.rate ?? '1.000000',
      total_paid: spec.total ?? '10.000000', total_paid_tax_incl: spec.total ?? '10.000000',
      total_paid_tax_excl: spec.total ?? '10.000000', total_paid_real: spec.total ?? '10.000000',
      invoice_date: '0000-00-00 00:00:00', valid: spec.valid ?? 1, date_add: spec.date_add,
    });
    return id;
  }

  async optOut(phone: string): Promise<void> {
    await this.db.knex(this.db.ownTable('opt_out')).insert({ phone, source: 'manual', created_at: '2025-01-01 00:00:00' });
  }

  /** Ids of the customers a segment matches (country criteria included), ascending. */
  async matched(segment: unknown, options: SegmentOptions = { at: AT }): Promise<number[]> {
    const prepared = await prepareSegment(this.db, segment, { at: AT, ...options });
    const rows = await withChosenNumber(this.db, prepared.compiled).select('c.id_customer').orderBy('c.id_customer');
    return rows.map((r: { id_customer: number }) => Number(r.id_customer));
  }
}

/** `{shops: [1], criteria: [c]}` */
export function only(...criteria: unknown[]): unknown {
  return { shops: [1], criteria };
}
