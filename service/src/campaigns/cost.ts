import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import type { Credit } from '../providers/types';
import { CampaignReason, reason } from './messages';
import { costOf, formatUnits, Prices, toUnits } from './pricing';

/**
 * What a campaign costs, from its snapshot: each recipient's own part count (the text rendered
 * with their name, so the longest texts are priced as they are) at the price of a part to their
 * country. SQL aggregates per country: constant memory whatever the campaign's size.
 */
async function sumCost(db: ShopDb, id: number, prices: Prices, statuses: string[]): Promise<bigint> {
  const groups: Array<{ country: string | null; parts: number | string | null }> = await db
    .knex(db.ownTable('campaign_recipient'))
    .select('country')
    .sum({ parts: 'parts' })
    .where({ id_campaign: id })
    .whereIn('status', statuses)
    .groupBy('country');
  return groups.reduce((total, g) => total + costOf(prices, g.country, Number(g.parts ?? 0)), 0n);
}

/**
 * The progress step `cost_estimate`: the estimated cost of every recipient that can be sent,
 * written once (by the lease holder) after the snapshot. An export costs nothing.
 */
export async function writeEstimate(db: ShopDb, c: { id_campaign: number; action: 'send' | 'export' }, prices: Prices, worker: string, now = new Date()): Promise<void> {
  const cost = c.action === 'send' ? await sumCost(db, c.id_campaign, prices, ['pending', 'sending', 'sent', 'unknown']) : 0n;
  await db
    .knex(db.ownTable('campaign'))
    .where({ id_campaign: c.id_campaign, claimed_by: worker })
    .whereNull('estimated_cost')
    .update({ estimated_cost: formatUnits(cost), updated_at: toSqlDateTime(now) });
}

/** What the recipients not sent yet will cost: what the credit must still cover when a run starts. */
export function remainingCost(db: ShopDb, id: number, prices: Prices): Promise<bigint> {
  return sumCost(db, id, prices, ['pending']);
}

/**
 * The refusal when the credit does not cover `cost`, else null. Before anything was sent the
 * campaign fails ("nothing was sent"); later (a resumed run) it pauses until the merchant tops up.
 */
export function creditRefusal(cost: bigint, credit: Credit, nothingSentYet: boolean): CampaignReason | null {
  const have = toUnits(credit.amount.toFixed(4));
  if (cost <= have) return null;
  return reason(nothingSentYet ? 'insufficient_credit' : 'insufficient_credit_rest', { cost: formatUnits(cost), credit: credit.amount.toFixed(2) });
}
