import type { Config } from '../config';
import type { ShopDb } from '../db';
import { ensureSealKeys, ensureStoredModuleSecret, readModuleSecret } from './sealed-secret';

/**
 * The module secret: SHOPCAST_MODULE_SECRET when set (nothing stored then), else the one sealed
 * for the service in our settings table, else a new one sealed there (first start); see
 * sealed-secret.ts for how the module and the service each keep it encrypted.
 */
export async function ensureModuleSecret(db: ShopDb, config: Config): Promise<string> {
  if (config.moduleSecret) return config.moduleSecret;
  return ensureStoredModuleSecret(db, await ensureSealKeys(db));
}

/**
 * The secrets a proof may be made with, for a service whose secret can be rotated under it (the
 * module's configure page writes a new one into the table while the service runs).
 */
export interface SecretSource {
  /** the current secret first, then the previous one while its grace lasts */
  accepted(): string[];
  /** re-reads the stored secret unless that was done moments ago; true when it changed */
  refresh(): Promise<boolean>;
  /** true when the stored secret has not been read for a while, so a proof should refresh first */
  stale(): boolean;
}

/** Either a fixed secret (SHOPCAST_MODULE_SECRET, tests) or the stored one, re-read after a rotation. */
export type ModuleSecret = string | SecretSource;

export const ROTATION = {
  /** A rotated-out secret still signs for this long: an open back-office page keeps working. */
  graceMs: 10 * 60_000,
  /** Forged proofs trigger re-reads: at most one per this interval, so they cannot flood the database. */
  minRefreshMs: 5_000,
  /**
   * Even when every proof verifies, the table is read again after this long: a secret rotated
   * because it leaked stops working (after the grace) although its holder keeps using it.
   */
  maxAgeMs: 60_000,
};

/**
 * A SecretSource over a reader of the stored secret. `read` answering null (tables dropped, row
 * gone) keeps the secret in use: a missing row is no reason to refuse everyone.
 */
export function rotatingSecret(initial: string, read: () => Promise<string | null>, now: () => number = Date.now): SecretSource {
  let current = initial;
  let previous: { secret: string; until: number } | null = null;
  let readAt = now();
  // The first refresh may run at once: a rotation just after start is seen by its first proof.
  let refreshedAt = -Infinity;
  let pending: Promise<boolean> | null = null;

  const reload = async (): Promise<boolean> => {
    readAt = refreshedAt = now();
    const stored = await read();
    if (!stored || stored === current) return false;
    previous = { secret: current, until: now() + ROTATION.graceMs };
    current = stored;
    return true;
  };

  return {
    accepted() {
      return previous && previous.until > now() ? [current, previous.secret] : [current];
    },
    refresh() {
      if (pending) return pending;
      if (now() - refreshedAt < ROTATION.minRefreshMs) return Promise.resolve(false);
      pending = reload().finally(() => {
        pending = null;
      });
      return pending;
    },
    stale() {
      return now() - readAt >= ROTATION.maxAgeMs;
    },
  };
}

/**
 * The service's module secret: fixed when SHOPCAST_MODULE_SECRET is set (the environment wins,
 * and does not change while the process runs), else the stored one, followed across rotations.
 */
export async function moduleSecretSource(db: ShopDb, config: Config): Promise<ModuleSecret> {
  if (config.moduleSecret) return config.moduleSecret;
  const keys = await ensureSealKeys(db);
  return rotatingSecret(await ensureStoredModuleSecret(db, keys), () => readModuleSecret(db, keys));
}

/**
 * The first secret `check` accepts a proof with, refreshing the stored secret when the proof
 * fails with those known (it may have been made with a secret rotated in since), or when the
 * known ones are old. null when no secret accepts it.
 */
export async function verifyWithSecret<T>(secret: ModuleSecret, check: (secret: string) => T | null): Promise<T | null> {
  if (typeof secret === 'string') return check(secret);
  if (secret.stale()) await secret.refresh().catch(() => false);
  const first = tryEach(secret.accepted(), check);
  if (first !== null) return first;
  // A database error while re-reading leaves the known secrets in force: the proof is refused.
  const changed = await secret.refresh().catch(() => false);
  return changed ? tryEach(secret.accepted(), check) : null;
}

function tryEach<T>(secrets: string[], check: (secret: string) => T | null): T | null {
  for (const s of secrets) {
    const result = check(s);
    if (result !== null) return result;
  }
  return null;
}

/** The secret new proofs are signed with (the demo token printed at start). */
export function currentSecret(secret: ModuleSecret): string {
  return typeof secret === 'string' ? secret : secret.accepted()[0];
}
