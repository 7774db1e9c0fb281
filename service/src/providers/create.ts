import type { Config } from '../config';
import type { ShopDb } from '../db';
import { readSetting } from '../settings';
import { DEFAULT_BATCH_SIZE } from './isendpro/fields';
import { createIsendproProvider, IsendproSettings } from './isendpro/provider';
import { createSandboxProvider } from './sandbox/provider';
import type { SmsProvider } from './types';

export interface ProviderOptions {
  /** use this keyid instead of the configured one (checking a keyid before it is in use) */
  keyid?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

/**
 * The adapter SHOPCAST_PROVIDER names. iSendPro reads its keyid (SHOPCAST_ISENDPRO_KEYID wins over
 * the stored one) and batch size at each operation, so a saved setting applies without a restart.
 */
export function createProvider(config: Config, db: ShopDb, options: ProviderOptions = {}): SmsProvider {
  if (config.provider === 'sandbox') return createSandboxProvider(db);
  return createIsendpro(config, db, options);
}

/**
 * The iSendPro adapter whatever SHOPCAST_PROVIDER says: a keyid the merchant saves is tested
 * against iSendPro (SHOPCAST_ISENDPRO_URL) even while the sandbox sends, so it is known good
 * before the switch.
 */
export function createIsendpro(config: Config, db: ShopDb, options: ProviderOptions = {}): SmsProvider {
  return createIsendproProvider({
    baseUrl: config.isendproUrl,
    settings: () => isendproSettings(config, db, options.keyid),
    sandbox: config.isendproSandbox,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    backoffMs: options.backoffMs,
  });
}

async function isendproSettings(config: Config, db: ShopDb, keyid?: string): Promise<IsendproSettings> {
  const batchSize = Number(await readSetting(db, 'isendpro_batch_size'));
  return {
    keyid: keyid ?? config.isendproKeyid ?? (await readSetting(db, 'isendpro_keyid')),
    batchSize: Number.isInteger(batchSize) && batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE,
  };
}

