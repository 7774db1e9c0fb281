import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';

/**
 * Key/value settings in our settings table, per shop (id_shop 0 = every shop). A shop's own value
 * wins over the shared one. Secrets are flagged so listings can mask them.
 */
export interface SettingRow {
  id_shop: number;
  name: string;
  value: string | null;
  is_secret: boolean;
}

export async function readSetting(db: ShopDb, name: string, idShop = 0): Promise<string | null> {
  const rows = await db
    .knex(db.ownTable('setting'))
    .select('id_shop', 'value')
    .where({ name })
    .whereIn('id_shop', idShop === 0 ? [0] : [0, idShop]);
  const own = rows.find((r) => Number(r.id_shop) === idShop);
  const shared = rows.find((r) => Number(r.id_shop) === 0);
  return (own ?? shared)?.value ?? null;
}

export async function writeSetting(
  db: ShopDb,
  name: string,
  value: string | null,
  options: { idShop?: number; secret?: boolean } = {},
): Promise<void> {
  const row = {
    id_shop: options.idShop ?? 0,
    name,
    value,
    is_secret: options.secret ? 1 : 0,
    updated_at: toSqlDateTime(new Date()),
  };
  await db.knex(db.ownTable('setting')).insert(row).onConflict(['id_shop', 'name']).merge(['value', 'is_secret', 'updated_at']);
}

/** Every setting of a shop (shared values included), secrets replaced by a mask. */
export async function listSettings(db: ShopDb, idShop = 0): Promise<SettingRow[]> {
  const rows = await db
    .knex(db.ownTable('setting'))
    .select('id_shop', 'name', 'value', 'is_secret')
    .whereIn('id_shop', idShop === 0 ? [0] : [0, idShop])
    .orderBy('name');
  const byName = new Map<string, SettingRow>();
  for (const r of rows) {
    const row: SettingRow = {
      id_shop: Number(r.id_shop),
      name: r.name,
      value: Number(r.is_secret) ? maskSecret(r.value) : r.value,
      is_secret: Boolean(Number(r.is_secret)),
    };
    const existing = byName.get(row.name);
    if (!existing || row.id_shop === idShop) byName.set(row.name, row);
  }
  return [...byName.values()];
}

/** Shows that a secret is set and which one it is, without revealing it: '••••••••16f0'. */
export function maskSecret(value: string | null): string | null {
  if (value === null || value === '') return value;
  return `••••••••${value.length > 12 ? value.slice(-4) : ''}`;
}
