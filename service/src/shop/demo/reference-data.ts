/**
 * The fixed part of the demo shop: languages, shops, groups, countries, genders, currencies, the
 * 13 default order states and the configuration. Ids are PrestaShop's own where a fresh install
 * fixes them (order states, groups, genders) and PrestaShop's country ids otherwise, so code that
 * assumes "country 1 is France" fails on the demo as it would on a real shop.
 */
export type Row = Record<string, string | number | null>;
export type TableRows = [table: string, rows: Row[]];

export type CountryIso = 'FR' | 'BE' | 'CH' | 'LU';

export const COUNTRY_ID: Record<CountryIso, number> = { FR: 8, BE: 3, CH: 19, LU: 12 };
export const LANG = { FR: 1, EN: 2 } as const;
export const CURRENCY = { EUR: 1, CHF: 2 } as const;
export const GROUP = { VISITOR: 1, GUEST: 2, CUSTOMER: 3, VIP: 4 } as const;
export const SHOP = { MAIN: 1, SWISS: 2 } as const;

export const STATE = {
  CHEQUE: 1,
  PAYMENT: 2,
  PREPARATION: 3,
  SHIPPING: 4,
  DELIVERED: 5,
  CANCELED: 6,
  REFUND: 7,
  ERROR: 8,
  OUTOFSTOCK_PAID: 9,
  BANKWIRE: 10,
  WS_PAYMENT: 11,
  OUTOFSTOCK_UNPAID: 12,
  COD_VALIDATION: 13,
} as const;

interface StateDef {
  id: number;
  keys: string[];
  flags: Array<'logable' | 'paid' | 'shipped' | 'delivery'>;
  module: string | null;
  template: string;
  fr: string;
  en: string;
}

// Flags as listed in PrestaShop's order_state.xml for a fresh install.
const STATES: StateDef[] = [
  { id: 1, keys: ['PS_OS_CHEQUE'], flags: [], module: 'ps_checkpayment', template: 'cheque', fr: 'En attente du paiement par chèque', en: 'Awaiting check payment' },
  { id: 2, keys: ['PS_OS_PAYMENT'], flags: ['logable', 'paid'], module: null, template: 'payment', fr: 'Paiement accepté', en: 'Payment accepted' },
  { id: 3, keys: ['PS_OS_PREPARATION'], flags: ['logable', 'paid', 'delivery'], module: null, template: 'preparation', fr: 'En cours de préparation', en: 'Processing in progress' },
  { id: 4, keys: ['PS_OS_SHIPPING'], flags: ['logable', 'paid', 'shipped', 'delivery'], module: null, template: 'shipped', fr: 'Expédié', en: 'Shipped' },
  { id: 5, keys: ['PS_OS_DELIVERED'], flags: ['logable', 'paid', 'shipped', 'delivery'], module: null, template: '', fr: 'Livré', en: 'Delivered' },
  { id: 6, keys: ['PS_OS_CANCELED'], flags: [], module: null, template: 'order_canceled', fr: 'Annulé', en: 'Canceled' },
  { id: 7, keys: ['PS_OS_REFUND'], flags: [], module: null, template: 'refund', fr: 'Remboursé', en: 'Refunded' },
  { id: 8, keys: ['PS_OS_ERROR'], flags: [], module: null, template: 'payment_error', fr: 'Erreur de paiement', en: 'Payment error' },
  { id: 9, keys: ['PS_OS_OUTOFSTOCK', 'PS_OS_OUTOFSTOCK_PAID'], flags: ['paid'], module: null, template: 'outofstock', fr: 'En attente de réapprovisionnement (payé)', en: 'On backorder (paid)' },
  { id: 10, keys: ['PS_OS_BANKWIRE'], flags: [], module: 'ps_wirepayment', template: 'bankwire', fr: 'En attente de virement bancaire', en: 'Awaiting bank wire payment' },
  { id: 11, keys: ['PS_OS_WS_PAYMENT'], flags: ['logable', 'paid'], module: null, template: 'payment', fr: 'Paiement à distance accepté', en: 'Remote payment accepted' },
  { id: 12, keys: ['PS_OS_OUTOFSTOCK_UNPAID'], flags: [], module: null, template: 'outofstock', fr: 'En attente de réapprovisionnement (non payé)', en: 'On backorder (not paid)' },
  { id: 13, keys: ['PS_OS_COD_VALIDATION'], flags: [], module: 'ps_cashondelivery', template: 'cashondelivery', fr: 'En attente de validation du paiement à la livraison', en: 'Awaiting Cash On Delivery validation' },
];

const hasFlag = (id: number, flag: StateDef['flags'][number]) => STATES[id - 1].flags.includes(flag);

/** orders.valid for an order in this state: 1 when the state is logable (a real sale). */
export const isLogable = (stateId: number): boolean => hasFlag(stateId, 'logable');
export const isPaid = (stateId: number): boolean => hasFlag(stateId, 'paid');
export const isShipped = (stateId: number): boolean => hasFlag(stateId, 'shipped');

/** The configuration row that marks a database as created by `shopcast demo`. */
export const DEMO_MARKER = 'SHOPCAST_DEMO';

const bool = (b: boolean) => (b ? 1 : 0);

function orderStateTables(): TableRows[] {
  const states = STATES.map((s) => ({
    id_order_state: s.id,
    send_email: bool(s.id !== STATE.DELIVERED),
    module_name: s.module,
    hidden: 0,
    logable: bool(hasFlag(s.id, 'logable')),
    delivery: bool(hasFlag(s.id, 'delivery')),
    shipped: bool(hasFlag(s.id, 'shipped')),
    paid: bool(hasFlag(s.id, 'paid')),
    deleted: 0,
  }));
  const names = STATES.flatMap((s) => [
    { id_order_state: s.id, id_lang: LANG.FR, name: s.fr, template: s.template },
    { id_order_state: s.id, id_lang: LANG.EN, name: s.en, template: s.template },
  ]);
  return [['order_state', states], ['order_state_lang', names]];
}

function localeTables(): TableRows[] {
  const countries: Array<[CountryIso, number, number, string, string]> = [
    ['FR', 1, 33, 'France', 'France'],
    ['BE', 1, 32, 'Belgique', 'Belgium'],
    ['CH', 7, 41, 'Suisse', 'Switzerland'],
    ['LU', 1, 352, 'Luxembourg', 'Luxembourg'],
  ];
  return [
    ['lang', [
      { id_lang: LANG.FR, name: 'Français (French)', active: 1, iso_code: 'fr', language_code: 'fr-fr', locale: 'fr-FR' },
      { id_lang: LANG.EN, name: 'English (English)', active: 1, iso_code: 'en', language_code: 'en-us', locale: 'en-US' },
    ]],
    ['country', countries.map(([iso, zone, prefix]) => ({ id_country: COUNTRY_ID[iso], id_zone: zone, id_currency: 0, iso_code: iso, call_prefix: prefix, active: 1 }))],
    ['country_lang', countries.flatMap(([iso, , , fr, en]) => [
      { id_country: COUNTRY_ID[iso], id_lang: LANG.FR, name: fr },
      { id_country: COUNTRY_ID[iso], id_lang: LANG.EN, name: en },
    ])],
    ['gender', [{ id_gender: 1, type: 0 }, { id_gender: 2, type: 1 }]],
    ['gender_lang', [
      { id_gender: 1, id_lang: LANG.FR, name: 'M' },
      { id_gender: 1, id_lang: LANG.EN, name: 'Mr' },
      { id_gender: 2, id_lang: LANG.FR, name: 'Mme' },
      { id_gender: 2, id_lang: LANG.EN, name: 'Mrs' },
    ]],
    ['currency', [
      { id_currency: CURRENCY.EUR, iso_code: 'EUR', conversion_rate: '1.000000', deleted: 0, active: 1 },
      { id_currency: CURRENCY.CHF, iso_code: 'CHF', conversion_rate: '0.940000', deleted: 0, active: 1 },
    ]],
    ['currency_lang', [
      { id_currency: CURRENCY.EUR, id_lang: LANG.FR, name: 'Euro', symbol: '€' },
      { id_currency: CURRENCY.EUR, id_lang: LANG.EN, name: 'Euro', symbol: '€' },
      { id_currency: CURRENCY.CHF, id_lang: LANG.FR, name: 'Franc suisse', symbol: 'CHF' },
      { id_currency: CURRENCY.CHF, id_lang: LANG.EN, name: 'Swiss Franc', symbol: 'CHF' },
    ]],
  ];
}

function shopTables(now: string): TableRows[] {
  const groups: Array<[number, string, string, string]> = [
    [GROUP.VISITOR, '0.00', 'Visiteur', 'Visitor'],
    [GROUP.GUEST, '0.00', 'Invité', 'Guest'],
    [GROUP.CUSTOMER, '0.00', 'Client', 'Customer'],
    [GROUP.VIP, '5.00', 'VIP', 'VIP'],
  ];
  const shops = [SHOP.MAIN, SHOP.SWISS];
  return [
    ['shop_group', [{ id_shop_group: 1, name: 'Default', share_customer: 0, share_order: 0, share_stock: 0 }]],
    ['shop', [
      { id_shop: SHOP.MAIN, id_shop_group: 1, name: 'Maison Démo', active: 1, deleted: 0 },
      { id_shop: SHOP.SWISS, id_shop_group: 1, name: 'Maison Démo Suisse', active: 1, deleted: 0 },
    ]],
    ['group', groups.map(([id, reduction]) => ({ id_group: id, reduction, price_display_method: 0, show_prices: 1, date_add: now, date_upd: now }))],
    ['group_lang', groups.flatMap(([id, , fr, en]) => [
      { id_group: id, id_lang: LANG.FR, name: fr },
      { id_group: id, id_lang: LANG.EN, name: en },
    ])],
    ['group_shop', groups.flatMap(([id]) => shops.map((shop) => ({ id_group: id, id_shop: shop })))],
  ];
}

function configurationTable(now: string, seed: number): TableRows {
  const global: Array<[string, string]> = [
    ['PS_SHOP_NAME', 'Maison Démo'],
    ['PS_CURRENCY_DEFAULT', String(CURRENCY.EUR)],
    ['PS_LANG_DEFAULT', String(LANG.FR)],
    ['PS_COUNTRY_DEFAULT', String(COUNTRY_ID.FR)],
    ['PS_TIMEZONE', 'Europe/Paris'],
    ['PS_SHOP_DEFAULT', String(SHOP.MAIN)],
    ['PS_UNIDENTIFIED_GROUP', String(GROUP.VISITOR)],
    ['PS_GUEST_GROUP', String(GROUP.GUEST)],
    ['PS_CUSTOMER_GROUP', String(GROUP.CUSTOMER)],
    ...STATES.flatMap((s) => s.keys.map((key): [string, string] => [key, String(s.id)])),
    [DEMO_MARKER, '1'],
    [`${DEMO_MARKER}_SEED`, String(seed)],
  ];
  const rows: Row[] = global.map(([name, value], i) => ({
    id_configuration: i + 1, id_shop_group: null, id_shop: null, name, value, date_add: now, date_upd: now,
  }));
  // A shop-level value, so readers must resolve shop before global.
  rows.push({ id_configuration: rows.length + 1, id_shop_group: 1, id_shop: SHOP.SWISS, name: 'PS_SHOP_NAME', value: 'Maison Démo Suisse', date_add: now, date_upd: now });
  return ['configuration', rows];
}

/** Every fixed row of the demo shop; configuration comes first so a half-written demo is marked. */
export function referenceTables(now: string, seed: number): TableRows[] {
  return [configurationTable(now, seed), ...localeTables(), ...shopTables(now), ...orderStateTables()];
}
