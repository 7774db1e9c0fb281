import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { formatUnits } from './pricing';

/** One recipient as the runner sends to it. */
export interface BatchRecipient {
  id_recipient: number;
  id_customer: number;
  phone: string;
  country: string | null;
  firstname: string;
  lastname: string;
  email: string;
  parts: number;
}

export interface RecipientOutcome {
  id_recipient: number;
  status: 'sent' | 'failed' | 'unknown' | 'pending';
  code: string | null;
  message: string | null;
  /** ten-thousandths of a euro, for sent messages */
  cost: bigint;
}

/**
 * Takes a campaign lease: only one runner works a campaign at a time, and a lease left by a dead
 * instance expires. Returns false when another live runner holds it.
 */
export async function leaseCampaign(db: ShopDb, id: number, worker: string, seconds: number, now = new Date()): Promise<boolean> {
  const nowSql = toSqlDateTime(now);
  const taken = await db
    .knex(db.ownTable('campaign'))
    .where({ id_campaign: id, status: 'sending' })
    .andWhere((w) => w.whereNull('claimed_by').orWhere('claimed_by', worker).orWhere('claimed_until', '<', nowSql))
    .update({ claimed_by: worker, claimed_until: toSqlDateTime(new Date(now.getTime() + seconds * 1000)) });
  return taken === 1;
}

export async function releaseCampaign(db: ShopDb, id: number, worker: string): Promise<void> {
  await db.knex(db.ownTable('campaign')).where({ id_campaign: id, claimed_by: worker }).update({ claimed_by: null, claimed_until: null });
}

/**
 * Claims the next batch after the checkpoint and moves the checkpoint, in one transaction (the
 * campaign row locked on MySQL), marking the batch `sending` before any provider call. A crash
 * after this leaves those rows `sending`: the next run marks them unknown instead of resending.
 * Keyset on id_recipient over the (id_campaign, status, id_recipient) index: constant cost per
 * batch whatever the campaign's size.
 */
export async function claimBatch(db: ShopDb, id: number, worker: string, size: number, leaseSeconds: number, now = new Date()): Promise<BatchRecipient[]> {
  return db.knex.transaction(async (trx) => {
    let head = trx(db.ownTable('campaign')).first('last_id_recipient').where({ id_campaign: id, claimed_by: worker, status: 'sending' });
    if (db.dialect === 'mysql') head = head.forUpdate();
    const campaign = await head;
    if (!campaign) return [];
    const rows = await trx(db.ownTable('campaign_recipient'))
      .select('id_recipient', 'id_customer', 'phone', 'country', 'firstname', 'lastname', 'email', 'parts')
      .where({ id_campaign: id, status: 'pending' })
      .andWhere('id_recipient', '>', campaign.last_id_recipient)
      .orderBy('id_recipient')
      .limit(size);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id_recipient));
    await trx(db.ownTable('campaign_recipient')).whereIn('id_recipient', ids).update({ status: 'sending' });
    await trx(db.ownTable('campaign'))
      .where({ id_campaign: id })
      .update({ last_id_recipient: ids[ids.length - 1], claimed_until: toSqlDateTime(new Date(now.getTime() + leaseSeconds * 1000)) });
    return rows.map((r) => ({
      id_recipient: Number(r.id_recipient), id_customer: Number(r.id_customer), phone: r.phone, country: r.country,
      firstname: r.firstname ?? '', lastname: r.lastname ?? '', email: r.email ?? '', parts: Number(r.parts ?? 1),
    }));
  });
}

/**
 * Writes a batch's outcomes: rows with the same outcome share one UPDATE (a batch of 500 is a
 * handful of statements, not 500), and the campaign totals move in the same transaction.
 * Outcomes `pending` (nothing was sent, the provider was unreachable) put the rows back and the
 * checkpoint before them, so the next claim takes them again.
 */
export async function recordBatch(db: ShopDb, id: number, outcomes: RecipientOutcome[], now = new Date()): Promise<{ sent: number; failed: number; unknown: number; retry: number }> {
  const groups = new Map<string, { outcome: RecipientOutcome; ids: number[] }>();
  for (const o of outcomes) {
    const key = JSON.stringify([o.status, o.code, o.message, o.cost.toString()]);
    const group = groups.get(key) ?? { outcome: o, ids: [] };
    group.ids.push(o.id_recipient);
    groups.set(key, group);
  }
  const totals = { sent: 0, failed: 0, unknown: 0, retry: 0 };
  let cost = 0n;
  await db.knex.transaction(async (trx) => {
    for (const { outcome, ids } of groups.values()) {
      const sentAt = outcome.status === 'sent' ? toSqlDateTime(now) : null;
      await trx(db.ownTable('campaign_recipient'))
        .whereIn('id_recipient', ids)
        .update({
          status: outcome.status,
          provider_code: outcome.code,
          provider_message: outcome.message === null ? null : outcome.message.slice(0, 255),
          cost: outcome.status === 'sent' ? formatUnits(outcome.cost) : null,
          sent_at: sentAt,
        });
      if (outcome.status === 'pending') totals.retry += ids.length;
      else totals[outcome.status] += ids.length;
      if (outcome.status === 'sent') cost += outcome.cost * BigInt(ids.length);
    }
    const retried = outcomes.filter((o) => o.status === 'pending').map((o) => o.id_recipient);
    const changes: Record<string, unknown> = {
      sent: trx.raw('sent + ?', [totals.sent]),
      failed: trx.raw('failed + ?', [totals.failed]),
      unknown: trx.raw('`unknown` + ?', [totals.unknown]),
      cost: trx.raw('COALESCE(cost, 0) + ?', [formatUnits(cost)]),
    };
    if (retried.length > 0) changes.last_id_recipient = Math.min(...retried) - 1;
    await trx(db.ownTable('campaign')).where({ id_campaign: id }).update(changes);
  });
  return totals;
}

/** Rows left `sending` by a run that died: marked unknown, counted, never resent. */
export async function markInFlightUnknown(db: ShopDb, id: number): Promise<number> {
  const n = await db
    .knex(db.ownTable('campaign_recipient'))
    .where({ id_campaign: id, status: 'sending' })
    .update({ status: 'unknown', provider_message: 'in flight when the service stopped; not resent' });
  if (n > 0) await db.knex(db.ownTable('campaign')).where({ id_campaign: id }).update({ unknown: db.knex.raw('`unknown` + ?', [n]) });
  return n;
}
