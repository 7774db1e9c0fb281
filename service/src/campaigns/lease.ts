import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import type { Logger } from '../logging';

/**
 * The campaign lease: only one runner works a campaign at a time (`claimed_by`), and a lease left
 * by a dead instance expires (`claimed_until`) so another takes over. A live runner renews it on a
 * heartbeat, not only between batches: a snapshot of a large segment, a slow provider call or the
 * wait between retries can each outlast the lease, and a healthy instance must never lose it.
 */

function until(now: Date, seconds: number): string {
  return toSqlDateTime(new Date(now.getTime() + seconds * 1000));
}

/** Takes the lease when it is free, expired or already ours. False when another live runner holds it. */
export async function leaseCampaign(db: ShopDb, id: number, worker: string, seconds: number, now = new Date()): Promise<boolean> {
  const taken = await db
    .knex(db.ownTable('campaign'))
    .where({ id_campaign: id, status: 'sending' })
    .andWhere((w) => w.whereNull('claimed_by').orWhere('claimed_by', worker).orWhere('claimed_until', '<', toSqlDateTime(now)))
    .update({ claimed_by: worker, claimed_until: until(now, seconds) });
  return taken === 1;
}

/** Extends our lease; false when it is no longer ours (another instance took the campaign over). */
export async function renewLease(db: ShopDb, id: number, worker: string, seconds: number, now = new Date()): Promise<boolean> {
  const renewed = await db.knex(db.ownTable('campaign')).where({ id_campaign: id, claimed_by: worker }).update({ claimed_until: until(now, seconds) });
  return renewed === 1;
}

export async function releaseCampaign(db: ShopDb, id: number, worker: string): Promise<void> {
  await db.knex(db.ownTable('campaign')).where({ id_campaign: id, claimed_by: worker }).update({ claimed_by: null, claimed_until: null });
}

export interface HeldLease {
  /** true once a renewal found the lease taken by another instance: stop at the next step */
  readonly lost: boolean;
  stop(): void;
}

/**
 * Renews the lease every `intervalMs` (a third of the lease by default, so two renewals can fail
 * before it expires) until stopped. A renewal that fails on a database error is logged and tried
 * again at the next beat; one that finds the lease gone marks it lost for good.
 */
export function holdLease(
  deps: { db: ShopDb; log: Logger; now: () => Date; worker: string },
  id: number,
  seconds: number,
  intervalMs = (seconds * 1000) / 3,
): HeldLease {
  let lost = false;
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || lost || stopped) return;
    busy = true;
    renewLease(deps.db, id, deps.worker, seconds, deps.now())
      .then((ours) => {
        if (ours || stopped) return;
        lost = true;
        clearInterval(timer);
        deps.log.warn({ id_campaign: id, worker: deps.worker }, 'campaign lease lost to another instance; this run stops');
      })
      .catch((err) => deps.log.warn({ err, id_campaign: id }, 'campaign lease renewal failed; retrying at the next beat'))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
