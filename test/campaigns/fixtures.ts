import { insertCampaign, transitionCampaign } from '../../service/src/campaigns/queries';
import type { RunnerDeps } from '../../service/src/campaigns/runner';
import type { ShopDb } from '../../service/src/db';
import { createLogger } from '../../service/src/logging';
import { DEFAULT_SEND_WINDOW } from '../../service/src/scheduler';
import type { Recipient } from '../../service/src/segments';
import { ScriptedProvider } from '../helpers/scripted-provider';

/** What the campaign tests share: an always-open window, made-up recipients, a started campaign. */
export const ALWAYS = { ...DEFAULT_SEND_WINDOW, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: 'none' as const };

export function people(n: number, country = 'FR'): Recipient[] {
  return Array.from({ length: n }, (_, i) => ({
    id_customer: i + 1, phone: `+336${String(10000000 + i).padStart(8, '0')}`, country, firstname: `Prenom${i}`, lastname: `Nom${i}`, email: `c${i}@example.com`, id_shop: 1, id_lang: 1,
  }));
}

/** Runner dependencies over `db` and `provider`, sending `recipients()` in batches of 10. */
export function runnerDeps(db: ShopDb, provider: ScriptedProvider, recipients: () => Recipient[]): RunnerDeps {
  return {
    db, provider, log: createLogger('silent'), worker: 'w1', now: () => new Date(),
    source: async function* () {
      yield* recipients();
    },
    sendWindow: async () => ALWAYS, batchSize: 10, leaseSeconds: 60, pauseAfterFailures: 2, retryDelayMs: 1,
  };
}

export async function startedCampaign(db: ShopDb, message = 'Bonjour {client_surname}, -20% chez {shop_name}', action: 'send' | 'export' = 'send'): Promise<number> {
  const c = await insertCampaign(db, { id_shop: 1, name: 'Soldes', action, criteria: { shops: [1], criteria: [] }, message, sender: 'MaBoutique' });
  await transitionCampaign(db, c.id_campaign, 'start');
  return c.id_campaign;
}

/** Polls `read` until `done` holds (no fixed sleep); fails with the last value after `timeoutMs`. */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
