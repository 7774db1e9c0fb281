import type { Logger } from '../logging';
import { toSqlDateTime } from '../db';
import { getCampaign, transitionCampaign } from './queries';
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
 * side by side (the conditional status updates and the runner's lease pick one winner).
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
    const table = db.ownTable('campaign');
    const nowSql = toSqlDateTime(now);
    const graceSql = toSqlDateTime(new Date(now.getTime() - deps.missedGraceSeconds * 1000));
    for (const r of await db.knex(table).select('id_campaign').where({ status: 'scheduled' }).andWhere('scheduled_at', '<', graceSql)) {
      await settle(() => transitionCampaign(db, Number(r.id_campaign), 'miss', { error: 'the service was down at the scheduled time; send, reschedule or cancel it' }, now));
      deps.log.warn({ id_campaign: r.id_campaign }, 'campaign missed its time');
    }
    for (const r of await db.knex(table).select('id_campaign').where({ status: 'scheduled' }).andWhere('scheduled_at', '<=', nowSql)) {
      if (await settle(() => transitionCampaign(db, Number(r.id_campaign), 'start', { started_at: nowSql }, now))) run(Number(r.id_campaign));
    }
    const resumable = await db.knex(table).select('id_campaign').where({ status: 'paused' }).andWhere('scheduled_at', '<=', nowSql).andWhere('error', 'like', 'quiet hours%');
    for (const r of resumable) {
      if (await settle(() => transitionCampaign(db, Number(r.id_campaign), 'resume', { scheduled_at: null, error: null }, now))) run(Number(r.id_campaign));
    }
    const orphans = await db.knex(table).select('id_campaign').where({ status: 'sending' }).andWhere((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<', nowSql));
    for (const r of orphans) run(Number(r.id_campaign));
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

/** Runs a transition that another instance may have won already: true when ours applied. */
async function settle(apply: () => Promise<unknown>): Promise<boolean> {
  try {
    await apply();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'conflict') return false;
    throw err;
  }
}
