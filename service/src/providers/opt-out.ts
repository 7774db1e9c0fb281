import cron from 'node-cron';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { isShopcastError } from '../errors';
import type { Logger } from '../logging';
import { createProvider } from './create';
import { fromProviderNumber } from './formats';
import type { SmsProvider } from './types';

/**
 * The provider's blacklist (numbers that replied STOP, or were blacklisted by hand) copied into
 * our opt-out table with source 'provider', so segment counts leave them out in SQL. Idempotent:
 * numbers already there (from any source) are left as they are. Nothing is ever removed here: a
 * number leaving the provider's list must not silently become reachable for marketing again.
 */
export interface OptOutImport {
  /** numbers in the provider's list */
  read: number;
  /** numbers new to our table */
  added: number;
  /** entries that are not phone numbers we can store */
  skipped: number;
}

const CHUNK = 500;

export async function importOptOuts(db: ShopDb, provider: SmsProvider): Promise<OptOutImport> {
  const listed = await provider.readBlacklist();
  const parsed = listed.map((p) => fromProviderNumber(p));
  const phones = [...new Set(parsed.filter((p): p is string => p !== null))];
  const table = db.ownTable('opt_out');
  let added = 0;
  for (let i = 0; i < phones.length; i += CHUNK) {
    const chunk = phones.slice(i, i + CHUNK);
    const known = new Set((await db.knex(table).select('phone').whereIn('phone', chunk)).map((r: { phone: string }) => r.phone));
    const fresh = chunk.filter((p) => !known.has(p));
    if (fresh.length === 0) continue;
    const createdAt = toSqlDateTime(new Date());
    // onConflict().ignore(): another instance importing at the same moment must not fail us.
    await db.knex(table).insert(fresh.map((phone) => ({ phone, source: 'provider', created_at: createdAt }))).onConflict('phone').ignore();
    added += fresh.length;
  }
  return { read: listed.length, added, skipped: parsed.filter((p) => p === null).length };
}

export interface OptOutScheduleContext {
  db: ShopDb;
  config: Config;
  log: Logger;
}

export interface OptOutScheduleOptions {
  /** cron expression, Paris time (seconds allowed as a sixth leading field) */
  expression?: string;
  /** the provider to read from; the configured one by default */
  provider?: SmsProvider;
}

/** 03:17 Paris time: off the hour, when nobody sends marketing. */
export const DEFAULT_OPT_OUT_SCHEDULE = '17 3 * * *';

/**
 * Runs importOptOuts on a cron schedule until the returned function is called. A failed run is
 * logged (code and provider words, never the keyid) and the next one tries again.
 */
export function startOptOutSchedule(ctx: OptOutScheduleContext, options: OptOutScheduleOptions = {}): () => Promise<void> {
  const provider = options.provider ?? createProvider(ctx.config, ctx.db);
  const task = cron.schedule(
    options.expression ?? DEFAULT_OPT_OUT_SCHEDULE,
    async () => {
      try {
        const result = await importOptOuts(ctx.db, provider);
        ctx.log.info({ provider: provider.name, ...result }, 'opt-out list imported');
      } catch (err) {
        const detail = isShopcastError(err) ? { code: err.code, providerCode: err.params.providerCode, providerMessage: err.params.providerMessage } : { err };
        ctx.log.warn({ provider: provider.name, ...detail }, 'opt-out import failed');
      }
    },
    { name: 'opt-out-import', timezone: 'Europe/Paris', noOverlap: true },
  );
  return async () => {
    await task.destroy();
  };
}
