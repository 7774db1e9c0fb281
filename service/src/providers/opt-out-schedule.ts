import crypto from 'node:crypto';
import os from 'node:os';
import cron from 'node-cron';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import { isShopcastError } from '../errors';
import type { Logger } from '../logging';
import { createProvider } from './create';
import { claimOptOutImport, importOptOuts } from './opt-out';
import type { SmsProvider } from './types';

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
  /** import at once unless an import started in the last 24 h (default true) */
  runAtStart?: boolean;
  /** this instance's name in the claim row (default host, pid and a random suffix) */
  instance?: string;
}

/** 03:17 Paris time: off the hour, when nobody sends marketing. */
export const DEFAULT_OPT_OUT_SCHEDULE = '17 3 * * *';

const HOUR = 3_600_000;
/** A start imports when the last import is older than a day. */
const START_WITHIN_MS = 24 * HOUR;
/**
 * The daily tick skips when another instance imported in the last 12 hours: every instance's cron
 * fires at 03:17, and one import is enough; a start-up import a few hours earlier is enough too.
 */
const TICK_WITHIN_MS = 12 * HOUR;

/**
 * Imports the provider's blacklist at start-up when the last import is more than a day old, then
 * on a cron schedule, until the returned function is called. Each run is claimed in the database
 * first, so several instances over one database import once. A failed run is logged (code and
 * provider words, never the keyid), gives its claim back, and the next start or tick tries again.
 */
export function startOptOutSchedule(ctx: OptOutScheduleContext, options: OptOutScheduleOptions = {}): () => Promise<void> {
  const provider = options.provider ?? createProvider(ctx.config, ctx.db);
  const instance = options.instance ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const run = (withinMs: number, trigger: string) => runClaimed(ctx, provider, instance, withinMs, trigger);
  const task = cron.schedule(options.expression ?? DEFAULT_OPT_OUT_SCHEDULE, () => run(TICK_WITHIN_MS, 'schedule'), {
    name: 'opt-out-import',
    timezone: 'Europe/Paris',
    noOverlap: true,
  });
  const atStart = options.runAtStart === false ? Promise.resolve() : run(START_WITHIN_MS, 'start');
  return async () => {
    await task.destroy();
    // A start-up import still running would write after the database closes.
    await atStart;
  };
}

async function runClaimed(ctx: OptOutScheduleContext, provider: SmsProvider, instance: string, withinMs: number, trigger: string): Promise<void> {
  try {
    // No keyid yet: nothing to read, and no claim taken that would delay the first real import.
    if (!(await provider.configured())) return;
    const claim = await claimOptOutImport(ctx.db, instance, withinMs);
    if (!claim) {
      ctx.log.debug({ provider: provider.name, trigger }, 'opt-out import skipped: another run is recent');
      return;
    }
    try {
      const result = await importOptOuts(ctx.db, provider);
      ctx.log.info({ provider: provider.name, trigger, ...result }, 'opt-out list imported');
    } catch (err) {
      await claim.release();
      throw err;
    }
  } catch (err) {
    const detail = isShopcastError(err) ? { code: err.code, providerCode: err.params.providerCode, providerMessage: err.params.providerMessage } : { err };
    ctx.log.warn({ provider: provider.name, trigger, ...detail }, 'opt-out import failed');
  }
}
