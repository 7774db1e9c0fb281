import path from 'node:path';
import { applySqlFile, migrate, ShopDb } from '../../service/src/db';

/**
 * A small, hand-made PrestaShop shop for integration tests whose expected answers can be read
 * from the test itself: the demo schema, reference data (2 languages, 4 countries, EUR and CHF,
 * the 13 default order states plus a merchant-made one, 2 shops), Shopcast's tables, and
 * builders for customers, addresses and orders.
 */
export const LANG = { fr: 1, en: 2 } as const;
export const COUNTRY = { FR: 8, BE: 3, CH: 19, LU: 12 } as const;
export const CURRENCY = { EUR: 1, CHF: 2 } as const;
export const CUSTOM_STATE = 14;

const LOGABLE = new Set([2, 3, 4, 5, 11]);
const STATE_NAMES: Record<number, [string, string]> = {
  1: ['En attente du paiement par chèque', 'Awaiting check payment'],
  2: ['Paiement accepté', 'Payment accepted'],
  3: ['En cours de préparation', 'Processing in progress'],
  4: ['Expédié', 'Shipped'],
  5: ['Livré', 'Delivered'],
  6: ['Annulé', 'Canceled'],
  7: ['Remboursé', 'Refunded'],
  8: ['Erreur de paiement', 'Payment error'],
  9: ['En attente de réapprovisionnement (payé)', 'On backorder (paid)'],
  10: ['En attente de virement bancaire', 'Awaiting bank wire payment'],
  11: ['Paiement à distance accepté', 'Remote payment accepted'],
  12: ['En attente de réapprovisionnement (non payé)', 'On backorder (not paid)'],
  13: ['En attente de paiement à la livraison', 'Awaiting Cash On Delivery validation'],
  [CUSTOM_STATE]: ['Retiré en boutique', 'Picked up in store'],
};
const STAMP = '2026-01-01 00:00:00';

export async function createShop(db: ShopDb): Promise<void> {
  await applySqlFile(db, path.resolve(__dirname, '..', '..', 'sql', 'demo', 'prestashop.sql'));
  await migrate(db);
  const t = db.shopTable;
  const k = db.knex;
  await k(t('lang')).insert([
    { id_lang: LANG.fr, name: 'Français', active: 1, iso_code: 'fr', language_code: 'fr-fr', locale: 'fr-FR' },
    { id_lang: LANG.en, name: 'English', active: 1, iso_code: 'en', language_code: 'en-us', locale: 'en-US' },
  ]);
  await k(t('shop_group')).insert({ id_shop_group: 1, name: 'Default', share_customer: 0, share_order: 0, share_stock: 0 });
  await k(t('shop')).insert([
    { id_shop: 1, id_shop_group: 1, name: 'Boutique Paris', active: 1, deleted: 0 },
    { id_shop: 2, id_shop_group: 1, name: 'Boutique Lyon', active: 1, deleted: 0 },
  ]);
  const countries: Array<[number, string, string]> = [[COUNTRY.FR, 'FR', 'France'], [COUNTRY.BE, 'BE', 'Belgique'], [COUNTRY.CH, 'CH', 'Suisse'], [COUNTRY.LU, 'LU', 'Luxembourg']];
  await k(t('country')).insert(countries.map(([id, iso]) => ({ id_country: id, id_zone: 1, id_currency: 0, iso_code: iso, call_prefix: 0, active: 1 })));
  await k(t('country_lang')).insert(countries.flatMap(([id, , name]) => [{ id_country: id, id_lang: LANG.fr, name }, { id_country: id, id_lang: LANG.en, name }]));
  await k(t('currency')).insert([
    { id_currency: CURRENCY.EUR, iso_code: 'EUR', conversion_rate: '1.000000', deleted: 0, active: 1 },
    { id_currency: CURRENCY.CHF, iso_code: 'CHF', conversion_rate: '1.100000', deleted: 0, active: 1 },
  ]);
  await k(t('order_state')).insert(
    Object.keys(STATE_NAMES).map((id) => ({ id_order_state: Number(id), logable: LOGABLE.has(Number(id)) ? 1 : 0, paid: 0, shipped: 0, delivery: 0, send_email: 0, hidden: 0, deleted: 0 })),
  );
  await k(t('order_state_lang')).insert(
    Object.entries(STATE_NAMES).flatMap(([id, [fr, en]]) => [
      { id_order_state: Number(id), id_lang: LANG.fr, name: fr, template: '' },
      { id_order_state: Number(id), id_lang: LANG.en, name: en, template: '' },
    ]),
  );
  await k(t('configuration')).insert([
    { id_shop_group: null, id_shop: null, name: 'PS_SHOP_NAME', value: 'Ma Boutique', date_add: STAMP, date_upd: STAMP },
    { id_shop_group: null, id_shop: 2, name: 'PS_SHOP_NAME', value: 'Boutique Lyon', date_add: STAMP, date_upd: STAMP },
    { id_shop_group: null, id_shop: null, name: 'PS_CURRENCY_DEFAULT', value: String(CURRENCY.EUR), date_add: STAMP, date_upd: STAMP },
    { id_shop_group: null, id_shop: null, name: 'PS_LANG_DEFAULT', value: String(LANG.fr), date_add: STAMP, date_upd: STAMP },
    { id_shop_group: null, id_shop: null, name: 'PS_TIMEZONE', value: 'Europe/Paris', date_add: STAMP, date_upd: STAMP },
  ]);
}

export interface CustomerFixture {
  firstname?: string;
  lastname?: string;
  email?: string;
  id_shop?: number;
  id_lang?: number;
  id_gender?: number;
  birthday?: string | null;
  newsletter?: 0 | 1;
  optin?: 0 | 1;
  active?: 0 | 1;
  deleted?: 0 | 1;
  is_guest?: 0 | 1;
  company?: string | null;
  siret?: string | null;
  date_add?: string;
  groups?: number[];
}

export async function addCustomer(db: ShopDb, c: CustomerFixture = {}): Promise<number> {
  const [id] = await db.knex(db.shopTable('customer')).insert({
    id_shop_group: 1,
    id_shop: c.id_shop ?? 1,
    id_gender: c.id_gender ?? 1,
    id_default_group: 3,
    id_lang: c.id_lang ?? LANG.fr,
    company: c.company ?? null,
    siret: c.siret ?? null,
    firstname: c.firstname ?? 'Marie',
    lastname: c.lastname ?? 'Dupont',
    email: c.email ?? 'marie@example.com',
    birthday: c.birthday ?? null,
    newsletter: c.newsletter ?? 0,
    optin: c.optin ?? 0,
    active: c.active ?? 1,
    is_guest: c.is_guest ?? 0,
    deleted: c.deleted ?? 0,
    date_add: c.date_add ?? STAMP,
    date_upd: c.date_add ?? STAMP,
  });
  const idCustomer = Number(id);
  const groups = c.groups ?? [c.is_guest ? 2 : 3];
  if (groups.length > 0) await db.knex(db.shopTable('customer_group')).insert(groups.map((g) => ({ id_customer: idCustomer, id_group: g })));
  return idCustomer;
}

export interface AddressFixture {
  id_customer: number;
  id_country?: number;
  alias?: string;
  address1?: string;
  address2?: string | null;
  postcode?: string;
  city?: string;
  phone?: string | null;
  phone_mobile?: string | null;
  deleted?: 0 | 1;
  date_add?: string;
}

export async function addAddress(db: ShopDb, a: AddressFixture): Promise<number> {
  const [id] = await db.knex(db.shopTable('address')).insert({
    id_country: a.id_country ?? COUNTRY.FR,
    id_customer: a.id_customer,
    alias: a.alias ?? 'Maison',
    lastname: 'Dupont',
    firstname: 'Marie',
    address1: a.address1 ?? '12 rue de la Paix',
    address2: a.address2 ?? null,
    postcode: a.postcode ?? '75002',
    city: a.city ?? 'Paris',
    phone: a.phone ?? null,
    phone_mobile: a.phone_mobile ?? null,
    date_add: a.date_add ?? STAMP,
    date_upd: a.date_add ?? STAMP,
    active: 1,
    deleted: a.deleted ?? 0,
  });
  return Number(id);
}

export interface OrderFixture {
  id_customer: number;
  id_address_delivery: number;
  id_address_invoice?: number;
  id_shop?: number;
  id_lang?: number;
  id_currency?: number;
  conversion_rate?: string;
  reference?: string;
  payment?: string;
  total_paid_tax_incl?: string;
  current_state?: number;
  valid?: 0 | 1;
  date_add?: string;
  tracking_number?: string;
}

export async function addOrder(db: ShopDb, o: OrderFixture): Promise<number> {
  const state = o.current_state ?? 2;
  const total = o.total_paid_tax_incl ?? '59.900000';
  const [id] = await db.knex(db.shopTable('orders')).insert({
    reference: o.reference ?? 'XKBKNABJK',
    id_shop_group: 1,
    id_shop: o.id_shop ?? 1,
    id_carrier: 1,
    id_lang: o.id_lang ?? LANG.fr,
    id_customer: o.id_customer,
    id_cart: 1,
    id_currency: o.id_currency ?? CURRENCY.EUR,
    id_address_delivery: o.id_address_delivery,
    id_address_invoice: o.id_address_invoice ?? o.id_address_delivery,
    current_state: state,
    payment: o.payment ?? 'Carte bancaire',
    conversion_rate: o.conversion_rate ?? '1.000000',
    total_paid: total,
    total_paid_tax_incl: total,
    total_paid_tax_excl: total,
    total_paid_real: total,
    invoice_date: '0000-00-00 00:00:00',
    valid: o.valid ?? (LOGABLE.has(state) ? 1 : 0),
    date_add: o.date_add ?? STAMP,
  });
  const idOrder = Number(id);
  await db.knex(db.shopTable('order_history')).insert({ id_employee: 0, id_order: idOrder, id_order_state: state, date_add: o.date_add ?? STAMP });
  if (o.tracking_number !== undefined) {
    await db.knex(db.shopTable('order_carrier')).insert({ id_order: idOrder, id_carrier: 1, tracking_number: o.tracking_number, date_add: o.date_add ?? STAMP });
  }
  return idOrder;
}

/** What the module's hook writes: one outbox row. */
export async function addOutboxEvent(
  db: ShopDb,
  e: { event: string; id_order?: number | null; id_customer?: number | null; id_order_state?: number | null; id_shop?: number; created_at?: string },
): Promise<number> {
  const [id] = await db.knex(db.ownTable('event_outbox')).insert({
    event: e.event,
    id_shop: e.id_shop ?? 1,
    id_order: e.id_order ?? null,
    id_customer: e.id_customer ?? null,
    id_order_state: e.id_order_state ?? null,
    payload: JSON.stringify(e),
    status: 'pending',
    attempts: 0,
    created_at: e.created_at ?? new Date().toISOString().slice(0, 19).replace('T', ' '),
  });
  return Number(id);
}

/** `n` customers with distinct French mobiles, all newsletter subscribers, in multi-row inserts of 5,000. */
export async function addSubscribers(db: ShopDb, n: number, firstId = 1): Promise<void> {
  const stamp = '2025-01-01 00:00:00';
  for (let from = firstId; from < firstId + n; from += 5000) {
    const ids = Array.from({ length: Math.min(5000, firstId + n - from) }, (_, i) => from + i);
    const customers = ids.map((id) => ({
      id_customer: id, id_shop_group: 1, id_shop: 1, id_gender: 1, id_default_group: 3, id_lang: 1, firstname: `P${id}`, lastname: `N${id}`,
      email: `c${id}@example.com`, newsletter: 1, optin: 0, active: 1, is_guest: 0, deleted: 0, date_add: stamp, date_upd: stamp,
    }));
    const addresses = ids.map((id) => ({
      id_address: id, id_country: 8, id_customer: id, alias: 'Maison', lastname: `N${id}`, firstname: `P${id}`,
      address1: '1 rue X', postcode: '75001', city: 'Paris', phone_mobile: `06${String(10000000 + id).slice(-8)}`, date_add: stamp, date_upd: stamp, active: 1, deleted: 0,
    }));
    await db.knex.batchInsert(db.shopTable('customer'), customers, 500);
    await db.knex.batchInsert(db.shopTable('customer_group'), ids.map((id) => ({ id_customer: id, id_group: 3 })), 500);
    await db.knex.batchInsert(db.shopTable('address'), addresses, 500);
  }
}
