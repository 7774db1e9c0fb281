import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { decryptSetting, encryptSetting, isEncrypted, SEALED_SECRETS, settingsKey } from './cipher';

/**
 * Key/value settings in our settings table, per shop (id_shop 0 = every shop). A shop's own value
 * wins over the shared one. Secrets are flagged so listings can mask them, and stored encrypted
 * (see cipher.ts) except the module secret, sealed for the service's key pair by whichever side
 * writes it (auth/sealed-secret.ts).
 */
export interface SettingRow {
  id_shop: number;
  name: string;
  value: string | null;
  is_secret: boolean;
}

const encrypts = (name: string, secret: boolean) => secret && !SEALED_SECRETS.has(name);

export async function readSetting(db: ShopDb, name: string, idShop = 0): Promise<string | null> {
  const rows = await db
    .knex(db.ownTable('setting'))
    .select('id_shop', 'value', 'is_secret')
    .where({ name })
    .whereIn('id_shop', idShop === 0 ? [0] : [0, idShop]);
  const own = rows.find((r) => Number(r.id_shop) === idShop);
  const shared = rows.find((r) => Number(r.id_shop) === 0);
  const row = own ?? shared;
  if (!row || row.value === null) return null;
  const value = String(row.value);
  if (isEncrypted(value)) return decryptSetting(settingsKey(), name, value);
  if (value !== '' && encrypts(name, Boolean(Number(row.is_secret)))) {
    // Saved in plain text by an older version: encrypt it now. The value condition leaves a
    // concurrent save alone.
    await db
      .knex(db.ownTable('setting'))
      .where({ id_shop: row.id_shop, name, value })
      .update({ value: encryptSetting(settingsKey(), name, value) });
  }
  return value;
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
    value: value !== null && value !== '' && encrypts(name, options.secret ?? false) ? encryptSetting(settingsKey(), name, value) : value,
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
      value: Number(r.is_secret) ? maskSecret(r.value !== null && isEncrypted(r.value) ? decryptSetting(settingsKey(), r.name, r.value) : r.value) : r.value,
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
