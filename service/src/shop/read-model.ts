import type { ShopDb } from '../db';

/**
 * Read models of PrestaShop data used to fill message variables: an order with its customer,
 * addresses, currency, state and tracking number; a customer alone (account events); shop
 * configuration. Indexed lookups by primary key only: the shop is never slowed.
 */
export interface AddressView {
  id_address: number;
  alias: string;
  street: string;
  additional: string;
  postcode: string;
  city: string;
  country: string;
  country_iso: string;
  phone: string | null;
  phone_mobile: string | null;
  deleted: boolean;
}

export interface CustomerView {
  id_customer: number;
  id_shop: number;
  id_lang: number | null;
  firstname: string;
  lastname: string;
  email: string;
}

export interface OrderView {
  id_order: number;
  id_shop: number;
  id_lang: number;
  lang_iso: string;
  reference: string;
  payment: string;
  total_paid_tax_incl: string;
  currency_iso: string;
  state_name: string;
  tracking_number: string;
  customer: CustomerView;
  delivery: AddressView | null;
  invoice: AddressView | null;
}

export async function loadCustomer(db: ShopDb, idCustomer: number): Promise<CustomerView | null> {
  const row = await db
    .knex(db.shopTable('customer'))
    .first('id_customer', 'id_shop', 'id_lang', 'firstname', 'lastname', 'email')
    .where({ id_customer: idCustomer });
  if (!row) return null;
  return {
    id_customer: Number(row.id_customer),
    id_shop: Number(row.id_shop),
    id_lang: row.id_lang === null ? null : Number(row.id_lang),
    firstname: row.firstname,
    lastname: row.lastname,
    email: row.email,
  };
}

export async function loadAddress(db: ShopDb, idAddress: number, idLang: number): Promise<AddressView | null> {
  const row = await db
    .knex(`${db.shopTable('address')} as a`)
    .leftJoin(`${db.shopTable('country')} as c`, 'c.id_country', 'a.id_country')
    .leftJoin(`${db.shopTable('country_lang')} as cl`, (j) => j.on('cl.id_country', 'a.id_country').andOn('cl.id_lang', db.knex.raw('?', [idLang])))
    .first('a.id_address', 'a.alias', 'a.address1', 'a.address2', 'a.postcode', 'a.city', 'a.phone', 'a.phone_mobile', 'a.deleted', 'c.iso_code', 'cl.name as country_name')
    .where('a.id_address', idAddress);
  return row ? toAddress(row) : null;
}

/** Live addresses of a customer, newest first (the order DESIGN uses to choose a number). */
export async function loadCustomerAddresses(db: ShopDb, idCustomer: number, idLang: number): Promise<AddressView[]> {
  const rows = await db
    .knex(`${db.shopTable('address')} as a`)
    .leftJoin(`${db.shopTable('country')} as c`, 'c.id_country', 'a.id_country')
    .leftJoin(`${db.shopTable('country_lang')} as cl`, (j) => j.on('cl.id_country', 'a.id_country').andOn('cl.id_lang', db.knex.raw('?', [idLang])))
    .select('a.id_address', 'a.alias', 'a.address1', 'a.address2', 'a.postcode', 'a.city', 'a.phone', 'a.phone_mobile', 'a.deleted', 'c.iso_code', 'cl.name as country_name')
    .where({ 'a.id_customer': idCustomer, 'a.deleted': 0 })
    .orderBy([{ column: 'a.date_add', order: 'desc' }, { column: 'a.id_address', order: 'desc' }]);
  return rows.map(toAddress);
}

function toAddress(row: Record<string, unknown>): AddressView {
  return {
    id_address: Number(row.id_address),
    alias: String(row.alias ?? ''),
    street: String(row.address1 ?? ''),
    additional: String(row.address2 ?? ''),
    postcode: String(row.postcode ?? ''),
    city: String(row.city ?? ''),
    country: String(row.country_name ?? row.iso_code ?? ''),
    country_iso: String(row.iso_code ?? ''),
    phone: (row.phone as string | null) ?? null,
    phone_mobile: (row.phone_mobile as string | null) ?? null,
    deleted: Boolean(Number(row.deleted)),
  };
}

export async function loadOrder(db: ShopDb, idOrder: number): Promise<OrderView | null> {
  const o = await db
    .knex(`${db.shopTable('orders')} as o`)
    .leftJoin(`${db.shopTable('currency')} as cu`, 'cu.id_currency', 'o.id_currency')
    .leftJoin(`${db.shopTable('lang')} as l`, 'l.id_lang', 'o.id_lang')
    .first(
      'o.id_order', 'o.id_shop', 'o.id_lang', 'o.id_customer', 'o.reference', 'o.payment', 'o.total_paid_tax_incl',
      'o.current_state', 'o.id_address_delivery', 'o.id_address_invoice', 'cu.iso_code as currency_iso', 'l.iso_code as lang_iso',
    )
    .where('o.id_order', idOrder);
  if (!o) return null;
  const idLang = Number(o.id_lang);
  const [customer, delivery, invoice, state, tracking] = await Promise.all([
    loadCustomer(db, Number(o.id_customer)),
    loadAddress(db, Number(o.id_address_delivery), idLang),
    loadAddress(db, Number(o.id_address_invoice), idLang),
    loadStateName(db, Number(o.current_state), idLang),
    loadTrackingNumber(db, idOrder),
  ]);
  if (!customer) return null;
  return {
    id_order: Number(o.id_order),
    id_shop: Number(o.id_shop),
    id_lang: idLang,
    lang_iso: String(o.lang_iso ?? 'fr'),
    reference: String(o.reference ?? ''),
    payment: String(o.payment ?? ''),
    total_paid_tax_incl: String(o.total_paid_tax_incl),
    currency_iso: String(o.currency_iso ?? ''),
    state_name: state,
    tracking_number: tracking,
    customer,
    delivery,
    invoice,
  };
}

/** The state's name in the order's language, else in any language, else its id. */
export async function loadStateName(db: ShopDb, idState: number, idLang: number): Promise<string> {
  const rows = await db.knex(db.shopTable('order_state_lang')).select('id_lang', 'name').where({ id_order_state: idState });
  const own = rows.find((r) => Number(r.id_lang) === idLang) ?? rows[0];
  return own ? String(own.name) : String(idState);
}

/** Every order state with its names, for the event catalogue (merchants add their own states). */
export async function listOrderStates(db: ShopDb): Promise<Array<{ id: number; names: Record<string, string> }>> {
  const rows = await db
    .knex(`${db.shopTable('order_state')} as s`)
    .leftJoin(`${db.shopTable('order_state_lang')} as sl`, 'sl.id_order_state', 's.id_order_state')
    .leftJoin(`${db.shopTable('lang')} as l`, 'l.id_lang', 'sl.id_lang')
    .select('s.id_order_state', 'l.iso_code', 'sl.name')
    .where('s.deleted', 0)
    .orderBy('s.id_order_state');
  const states = new Map<number, Record<string, string>>();
  for (const r of rows) {
    const id = Number(r.id_order_state);
    const names = states.get(id) ?? {};
    if (r.iso_code && r.name) names[String(r.iso_code)] = String(r.name);
    states.set(id, names);
  }
  return [...states.entries()].map(([id, names]) => ({ id, names }));
}

/** The newest non-empty tracking number (order_carrier; orders.shipping_number is gone since 8.0). */
export async function loadTrackingNumber(db: ShopDb, idOrder: number): Promise<string> {
  const row = await db
    .knex(db.shopTable('order_carrier'))
    .first('tracking_number')
    .where({ id_order: idOrder })
    .whereNotNull('tracking_number')
    .whereNot('tracking_number', '')
    .orderBy('id_order_carrier', 'desc');
  return row ? String(row.tracking_number) : '';
}

/**
 * A configuration value as PrestaShop resolves it: the shop's own row, else its group's, else
 * the global one (both ids NULL).
 */
export async function readShopConfiguration(db: ShopDb, name: string, idShop: number | null = null): Promise<string | null> {
  const rows = await db.knex(db.shopTable('configuration')).select('id_shop', 'id_shop_group', 'value').where({ name });
  if (rows.length === 0) return null;
  let group: number | null = null;
  if (idShop !== null) {
    const shop = await db.knex(db.shopTable('shop')).first('id_shop_group').where({ id_shop: idShop });
    group = shop ? Number(shop.id_shop_group) : null;
  }
  const own = idShop !== null ? rows.find((r) => Number(r.id_shop) === idShop) : undefined;
  const ofGroup = group !== null ? rows.find((r) => r.id_shop === null && Number(r.id_shop_group) === group) : undefined;
  const global = rows.find((r) => r.id_shop === null && r.id_shop_group === null);
  return (own ?? ofGroup ?? global)?.value ?? null;
}
