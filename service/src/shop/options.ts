import { DateTime } from 'luxon';
import type { ShopDb } from '../db';
import { readShopConfiguration } from './read-model';

/**
 * What the segment builder offers in its lists: the shops the caller may target, the customer
 * groups and the active countries, each named in the page's language (the other language, then
 * the id, when PrestaShop has no name in it), and the currency orders_total amounts are in.
 * Each shop comes with its time zone (PS_TIMEZONE, Europe/Paris when missing or unknown, as
 * segmentation reads it): the page shows it beside a campaign's date and time, which the
 * service reads on that clock. A few small lookups on reference tables.
 */
export interface ShopOptions {
  shops: Array<{ id: number; name: string; zone: string }>;
  groups: Array<{ id: number; name: string }>;
  countries: Array<{ iso: string; name: string }>;
  currency: string;
}

type Named = { id: number; iso_code: string | null; name: string | null };

/** One name per id, preferring `lang`; rows come from a LEFT JOIN on the *_lang table and lang. */
function pickNames(rows: Named[], lang: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const r of rows) {
    const id = Number(r.id);
    if (r.name && (r.iso_code === lang || !names.has(id))) names.set(id, String(r.name));
    else if (!names.has(id)) names.set(id, String(id));
  }
  return names;
}

export async function readShopOptions(db: ShopDb, allowedShops: number[], lang: 'fr' | 'en'): Promise<ShopOptions> {
  const t = db.shopTable;
  const shopQuery = db.knex(t('shop')).select('id_shop', 'name').where('deleted', 0).orderBy('id_shop');
  if (allowedShops.length > 0) shopQuery.whereIn('id_shop', allowedShops);
  const groups: Named[] = await db
    .knex(`${t('group')} as g`)
    .leftJoin(`${t('group_lang')} as gl`, 'gl.id_group', 'g.id_group')
    .leftJoin(`${t('lang')} as l`, 'l.id_lang', 'gl.id_lang')
    .select('g.id_group as id', 'l.iso_code', 'gl.name')
    .orderBy('g.id_group');
  const countries: Array<Named & { iso: string }> = await db
    .knex(`${t('country')} as c`)
    .leftJoin(`${t('country_lang')} as cl`, 'cl.id_country', 'c.id_country')
    .leftJoin(`${t('lang')} as l`, 'l.id_lang', 'cl.id_lang')
    .select('c.id_country as id', 'c.iso_code as iso', 'l.iso_code', 'cl.name')
    .where('c.active', 1);
  const countryNames = pickNames(countries, lang);
  const isoOf = new Map(countries.map((c) => [Number(c.id), String(c.iso).toUpperCase()]));
  const idCurrency = await readShopConfiguration(db, 'PS_CURRENCY_DEFAULT');
  const currency = idCurrency ? await db.knex(t('currency')).first('iso_code').where('id_currency', Number(idCurrency)) : undefined;
  const shops: ShopOptions['shops'] = [];
  for (const s of await shopQuery) shops.push({ id: Number(s.id_shop), name: String(s.name), zone: await readZone(db, Number(s.id_shop)) });
  return {
    shops,
    groups: [...pickNames(groups, lang)].map(([id, name]) => ({ id, name })),
    countries: [...countryNames]
      .map(([id, name]) => ({ iso: isoOf.get(id)!, name }))
      .sort((a, b) => a.name.localeCompare(b.name, lang)),
    currency: currency?.iso_code ? String(currency.iso_code) : 'EUR',
  };
}

async function readZone(db: ShopDb, idShop: number): Promise<string> {
  const zone = (await readShopConfiguration(db, 'PS_TIMEZONE', idShop))?.trim();
  return zone && DateTime.now().setZone(zone).isValid ? zone : 'Europe/Paris';
}
