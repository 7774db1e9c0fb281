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

/** What a claim found: a batch to send, nothing left, the campaign stopped, or the lease gone. */
export type Claim =
  | { kind: 'batch'; rows: BatchRecipient[] }
  | { kind: 'empty' }
  /** paused, cancelled or otherwise no longer sending: stop at this boundary */
  | { kind: 'stopped' }
  /** another instance holds the campaign now: stop quietly, it finishes the run */
  | { kind: 'lost' };

/**
 * Claims the next batch after the checkpoint and moves the checkpoint, in one transaction (the
 * campaign row locked on MySQL), marking the batch `sending` before any provider call. A crash
 * after this leaves those rows `sending`: the next run marks them unknown instead of resending.
 * Keyset on id_recipient over the (id_campaign, status, id_recipient) index: constant cost per
 * batch whatever the campaign's size. "Nothing left" is only said to the lease holder, so an
 * instance that lost the lease can never take its takeover's work for the end of the campaign.
 */
export async function claimBatch(db: ShopDb, id: number, worker: string, size: number, leaseSeconds: number, now = new Date()): Promise<Claim> {
  return db.knex.transaction(async (trx): Promise<Claim> => {
    let head = trx(db.ownTable('campaign')).first('last_id_recipient', 'status', 'claimed_by').where({ id_campaign: id });
    if (db.dialect === 'mysql') head = head.forUpdate();
    const campaign = await head;
    if (!campaign || campaign.claimed_by !== worker) return { kind: 'lost' };
    if (campaign.status !== 'sending') return { kind: 'stopped' };
    const rows = await trx(db.ownTable('campaign_recipient'))
      .select('id_recipient', 'id_customer', 'phone', 'country', 'firstname', 'lastname', 'email', 'parts')
      .where({ id_campaign: id, status: 'pending' })
      .andWhere('id_recipient', '>', campaign.last_id_recipient)
      .orderBy('id_recipient')
      .limit(size);
    if (rows.length === 0) return { kind: 'empty' };
    const ids = rows.map((r) => Number(r.id_recipient));
    await trx(db.ownTable('campaign_recipient')).whereIn('id_recipient', ids).update({ status: 'sending' });
    await trx(db.ownTable('campaign'))
      .where({ id_campaign: id })
      .update({ last_id_recipient: ids[ids.length - 1], claimed_until: toSqlDateTime(new Date(now.getTime() + leaseSeconds * 1000)) });
    return {
      kind: 'batch',
      rows: rows.map((r) => ({
        id_recipient: Number(r.id_recipient), id_customer: Number(r.id_customer), phone: r.phone, country: r.country,
        firstname: r.firstname ?? '', lastname: r.lastname ?? '', email: r.email ?? '', parts: Number(r.parts ?? 1),
      })),
    };
  });
}

/**
 * Writes a batch's outcomes: rows with the same outcome share one UPDATE (a batch of 500 is a
 * handful of statements, not 500), and the campaign totals move in the same transaction.
 * Outcomes `pending` (nothing was sent, the provider was unreachable) put the rows back and the
 * checkpoint before them, so the next claim takes them again.
 * Only rows still `sending` change, and the totals count the rows that did: when an instance that
 * took the campaign over has already marked this batch unknown, that verdict stands and no row is
 * counted twice.
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
  let firstRetried: number | null = null;
  await db.knex.transaction(async (trx) => {
    for (const { outcome, ids } of groups.values()) {
      const changed = await trx(db.ownTable('campaign_recipient'))
        .whereIn('id_recipient', ids)
        .andWhere('status', 'sending')
        .update({
          status: outcome.status,
          provider_code: outcome.code,
          provider_message: outcome.message === null ? null : outcome.message.slice(0, 255),
          cost: outcome.status === 'sent' ? formatUnits(outcome.cost) : null,
          sent_at: outcome.status === 'sent' ? toSqlDateTime(now) : null,
        });
      if (outcome.status === 'pending') {
        totals.retry += changed;
        if (changed > 0) firstRetried = Math.min(firstRetried ?? Infinity, ...ids);
      } else totals[outcome.status] += changed;
      if (outcome.status === 'sent') cost += outcome.cost * BigInt(changed);
    }
    const changes: Record<string, unknown> = {
      sent: trx.raw('sent + ?', [totals.sent]),
      failed: trx.raw('failed + ?', [totals.failed]),
      unknown: trx.raw('`unknown` + ?', [totals.unknown]),
      cost: trx.raw('COALESCE(cost, 0) + ?', [formatUnits(cost)]),
    };
    // Never forward: a takeover may have claimed past this batch already.
    if (firstRetried !== null) changes.last_id_recipient = trx.raw('CASE WHEN last_id_recipient > ? THEN ? ELSE last_id_recipient END', [firstRetried - 1, firstRetried - 1]);
    await trx(db.ownTable('campaign')).where({ id_campaign: id }).update(changes);
  });
  return totals;
}

/**
 * Rows left `sending` by a run that died: marked unknown, counted, never resent. Rows and total
 * change in one transaction, and only rows still `sending` count, so this and a late record by
 * the instance that lost the campaign each settle a row at most once.
 */
export async function markInFlightUnknown(db: ShopDb, id: number): Promise<number> {
  return db.knex.transaction(async (trx) => {
    const n = await trx(db.ownTable('campaign_recipient'))
      .where({ id_campaign: id, status: 'sending' })
      .update({ status: 'unknown', provider_code: 'in_flight', provider_message: 'in flight when the service stopped; not resent' });
    if (n > 0) await trx(db.ownTable('campaign')).where({ id_campaign: id }).update({ unknown: trx.raw('`unknown` + ?', [n]) });
    return n;
  });
}
