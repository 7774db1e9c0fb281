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
  return (await loadCustomers(db, [idCustomer])).get(idCustomer) ?? null;
}

/** Customers by id, one query (the outbox consumer loads a claimed batch at once). */
export async function loadCustomers(db: ShopDb, ids: number[]): Promise<Map<number, CustomerView>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .knex(db.shopTable('customer'))
    .select('id_customer', 'id_shop', 'id_lang', 'firstname', 'lastname', 'email')
    .whereIn('id_customer', unique(ids));
  return new Map(
    rows.map((row) => [
      Number(row.id_customer),
      {
        id_customer: Number(row.id_customer),
        id_shop: Number(row.id_shop),
        id_lang: row.id_lang === null ? null : Number(row.id_lang),
        firstname: row.firstname,
        lastname: row.lastname,
        email: row.email,
      },
    ]),
  );
}

function addressQuery(db: ShopDb, idLang: number) {
  return db
    .knex(`${db.shopTable('address')} as a`)
    .leftJoin(`${db.shopTable('country')} as c`, 'c.id_country', 'a.id_country')
    .leftJoin(`${db.shopTable('country_lang')} as cl`, (j) => j.on('cl.id_country', 'a.id_country').andOn('cl.id_lang', db.knex.raw('?', [idLang])))
    .select('a.id_address', 'a.alias', 'a.address1', 'a.address2', 'a.postcode', 'a.city', 'a.phone', 'a.phone_mobile', 'a.deleted', 'c.iso_code', 'cl.name as country_name');
}

/** Addresses by id, country names in `idLang`; one query. */
export async function loadAddresses(db: ShopDb, ids: number[], idLang: number): Promise<Map<number, AddressView>> {
  if (ids.length === 0) return new Map();
  const rows = await addressQuery(db, idLang).whereIn('a.id_address', unique(ids));
  return new Map(rows.map((row) => [Number(row.id_address), toAddress(row)]));
}

/** Live addresses of a customer, newest first (the order DESIGN uses to choose a number). */
export async function loadCustomerAddresses(db: ShopDb, idCustomer: number, idLang: number): Promise<AddressView[]> {
  const rows = await addressQuery(db, idLang)
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
  return (await loadOrders(db, [idOrder])).get(idOrder) ?? null;
}

/**
 * Orders by id with their customer, addresses, state name and tracking number: one query per
 * table for the whole list, whatever its length (one more per extra order language), instead
 * of six per order. An order whose customer is gone is left out, as a missing order is.
 */
export async function loadOrders(db: ShopDb, ids: number[]): Promise<Map<number, OrderView>> {
  if (ids.length === 0) return new Map();
  const orders = await db
    .knex(`${db.shopTable('orders')} as o`)
    .leftJoin(`${db.shopTable('currency')} as cu`, 'cu.id_currency', 'o.id_currency')
    .leftJoin(`${db.shopTable('lang')} as l`, 'l.id_lang', 'o.id_lang')
    .select(
      'o.id_order', 'o.id_shop', 'o.id_lang', 'o.id_customer', 'o.reference', 'o.payment', 'o.total_paid_tax_incl',
      'o.current_state', 'o.id_address_delivery', 'o.id_address_invoice', 'cu.iso_code as currency_iso', 'l.iso_code as lang_iso',
    )
    .whereIn('o.id_order', unique(ids));
  if (orders.length === 0) return new Map();
  const langs = unique(orders.map((o) => Number(o.id_lang)));
  const addressIds = (lang: number) => orders.filter((o) => Number(o.id_lang) === lang).flatMap((o) => [Number(o.id_address_delivery), Number(o.id_address_invoice)]);
  const [customers, states, tracking, ...addressesByLang] = await Promise.all([
    loadCustomers(db, orders.map((o) => Number(o.id_customer))),
    loadStateNames(db, orders.map((o) => Number(o.current_state))),
    loadTrackingNumbers(db, orders.map((o) => Number(o.id_order))),
    ...langs.map((lang) => loadAddresses(db, addressIds(lang), lang)),
  ]);
  const result = new Map<number, OrderView>();
  for (const o of orders) {
    const idLang = Number(o.id_lang);
    const customer = customers.get(Number(o.id_customer));
    if (!customer) continue;
    const addresses = addressesByLang[langs.indexOf(idLang)];
    result.set(Number(o.id_order), {
      id_order: Number(o.id_order),
      id_shop: Number(o.id_shop),
      id_lang: idLang,
      lang_iso: String(o.lang_iso ?? 'fr'),
      reference: String(o.reference ?? ''),
      payment: String(o.payment ?? ''),
      total_paid_tax_incl: String(o.total_paid_tax_incl),
      currency_iso: String(o.currency_iso ?? ''),
      state_name: states.nameOf(Number(o.current_state), idLang),
      tracking_number: tracking.get(Number(o.id_order)) ?? '',
      customer,
      delivery: addresses.get(Number(o.id_address_delivery)) ?? null,
      invoice: addresses.get(Number(o.id_address_invoice)) ?? null,
    });
  }
  return result;
}

/** Names of order states in every language, read once for a list of states. */
export interface StateNames {
  /** the state's name in `idLang`, else in any language, else its id */
  nameOf(idState: number, idLang: number): string;
}

export async function loadStateNames(db: ShopDb, states: number[]): Promise<StateNames> {
  const rows = states.length === 0 ? [] : await db.knex(db.shopTable('order_state_lang')).select('id_order_state', 'id_lang', 'name').whereIn('id_order_state', unique(states));
  return {
    nameOf(idState, idLang) {
      const ofState = rows.filter((r) => Number(r.id_order_state) === idState);
      const own = ofState.find((r) => Number(r.id_lang) === idLang) ?? ofState[0];
      return own ? String(own.name) : String(idState);
    },
  };
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

/**
 * The newest non-empty tracking number of each order (order_carrier; orders.shipping_number is
 * gone since 8.0); orders without one are absent. An order has one carrier row or a few.
 */
export async function loadTrackingNumbers(db: ShopDb, orderIds: number[]): Promise<Map<number, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .knex(db.shopTable('order_carrier'))
    .select('id_order', 'tracking_number')
    .whereIn('id_order', unique(orderIds))
    .whereNotNull('tracking_number')
    .whereNot('tracking_number', '')
    .orderBy('id_order_carrier', 'desc');
  const newest = new Map<number, string>();
  for (const r of rows) if (!newest.has(Number(r.id_order))) newest.set(Number(r.id_order), String(r.tracking_number));
  return newest;
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

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}
