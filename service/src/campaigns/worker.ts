import type { Logger } from '../logging';
import { claimDue, claimMissed, claimResumable, findOrphans } from './due';
import { getCampaign } from './queries';
import { runCampaign, RunnerDeps } from './runner';

export interface CampaignWorker {
  /** run this campaign now (after "send now") */
  kick(id: number): void;
  /** one scheduler pass: missed, due, auto-resumed and orphaned campaigns */
  tick(): Promise<void>;
  /** waits for the runs in progress to stop at their next batch boundary */
  stop(): Promise<void>;
  /** resolves when the given campaign's current run in this process ends */
  settled(id: number): Promise<void>;
}

/**
 * The scheduler side of campaigns. The database is the only source of truth: every pass reads
 * what is due from the campaign table, so a restart loses nothing and several instances can tick
 * side by side (claims with SKIP LOCKED and conditional status updates, then the runner's lease,
 * pick one winner).
 */
export function createCampaignWorker(deps: RunnerDeps & { log: Logger; missedGraceSeconds: number }): CampaignWorker {
  const runs = new Map<number, Promise<void>>();
  let stopping = false;

  const run = (id: number) => {
    if (stopping || runs.has(id)) return;
    const p = runCampaign(deps, id)
      .then((c) => deps.log.debug({ id_campaign: id, status: c.status }, 'campaign run ended'))
      .catch((err) => deps.log.error({ err, id_campaign: id }, 'campaign run failed; it resumes at the next tick'))
      .finally(() => runs.delete(id));
    runs.set(id, p);
  };

  const tick = async () => {
    const { db } = deps;
    const now = deps.now();
    for (const id of await claimMissed(db, now, deps.missedGraceSeconds)) deps.log.warn({ id_campaign: id }, 'campaign missed its time');
    for (const id of await claimDue(db, now)) run(id);
    for (const id of await claimResumable(db, now)) run(id);
    for (const id of await findOrphans(db, now)) run(id);
  };

  return {
    kick: run,
    tick,
    async stop() {
      stopping = true;
      for (const id of runs.keys()) {
        const c = await getCampaign(deps.db, id).catch(() => null);
        if (c?.status === 'sending') deps.log.info({ id_campaign: id }, 'waiting for the campaign batch in flight');
      }
      await Promise.all(runs.values());
    },
    async settled(id) {
      await runs.get(id);
    },
  };
}
