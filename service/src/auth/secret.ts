import crypto from 'node:crypto';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import { readSetting, writeSetting } from '../settings';

/**
 * The module secret: SHOPCAST_MODULE_SECRET when set, else the one stored in our settings table,
 * else a new random one stored there (first start). The PHP module reads it from the same table.
 */
export async function ensureModuleSecret(db: ShopDb, config: Config): Promise<string> {
  if (config.moduleSecret) return config.moduleSecret;
  const stored = await readSetting(db, 'module_secret');
  if (stored) return stored;
  const secret = crypto.randomBytes(32).toString('hex');
  await writeSetting(db, 'module_secret', secret, { secret: true });
  // Two instances starting together may both write: read back so both use the one that stuck.
  return (await readSetting(db, 'module_secret')) ?? secret;
}
