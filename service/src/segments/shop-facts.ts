import type { ShopDb } from '../db';
import type { KnownIds, Segment } from './criteria';
import { DEFAULT_ZONE, isValidZone } from './dates';

/**
 * What segmentation reads from PrestaShop besides customers and orders: the shop's time zone,
 * which shop and group ids exist, and whether the optional orders index is there. Small indexed
 * lookups.
 */

/** The orders index the module offers to add (module/shopcast/classes/ShopcastIndexes.php). */
export const ORDERS_INDEX = 'shopcast_customer_valid_date';

/**
 * Whether the orders table has ORDERS_INDEX. The one dialect-specific read of segmentation: the
 * catalogue differs (information_schema on MySQL/MariaDB, sqlite_master on SQLite).
 */
export async function hasOrdersIndex(db: ShopDb): Promise<boolean> {
  const table = db.shopTable('orders');
  const rows =
    db.dialect === 'sqlite'
      ? await db.knex('sqlite_master').count({ n: '*' }).where({ type: 'index', tbl_name: table, name: ORDERS_INDEX })
      : await db.knex('information_schema.statistics').count({ n: '*' }).whereRaw('table_schema = DATABASE()').where({ table_name: table, index_name: ORDERS_INDEX });
  return Number(rows[0].n) > 0;
}

/**
 * PS_TIMEZONE as PrestaShop resolves a configuration value: the shop's own row, then its shop
 * group's, then the global one (both ids NULL or 0). A segment over several shops uses its
 * lowest shop id. Missing or unknown zone: Europe/Paris.
 */
export async function readShopZone(db: ShopDb, shops: number[]): Promise<string> {
  const idShop = Math.min(...shops);
  const shop = await db.knex(db.shopTable('shop')).first('id_shop_group').where('id_shop', idShop);
  const rows: Array<{ id_shop: number | null; id_shop_group: number | null; value: string | null }> = await db
    .knex(db.shopTable('configuration'))
    .select('id_shop', 'id_shop_group', 'value')
    .where('name', 'PS_TIMEZONE');
  const group = shop ? Number(shop.id_shop_group) : null;
  const own = rows.find((r) => Number(r.id_shop) === idShop);
  const ofGroup = rows.find((r) => !Number(r.id_shop) && group !== null && Number(r.id_shop_group) === group);
  const global = rows.find((r) => !Number(r.id_shop) && !Number(r.id_shop_group));
  const zone = (own ?? ofGroup ?? global)?.value?.trim();
  return zone && isValidZone(zone) ? zone : DEFAULT_ZONE;
}

/** The segment's shop ids (not deleted) and group ids that exist in the shop. */
export async function readKnownIds(db: ShopDb, segment: Segment): Promise<KnownIds> {
  const groupIds = segment.criteria.flatMap((c) => (c.field === 'group' ? c.in : []));
  const shops = await db.knex(db.shopTable('shop')).pluck('id_shop').whereIn('id_shop', segment.shops).where('deleted', 0);
  const groups = groupIds.length ? await db.knex(db.shopTable('group')).pluck('id_group').whereIn('id_group', groupIds) : [];
  return { shops: new Set(shops.map(Number)), groups: new Set(groups.map(Number)) };
}
