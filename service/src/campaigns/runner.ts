import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { isShopcastError } from '../errors';
import type { Logger } from '../logging';
import type { Credit, SmsProvider } from '../providers/types';
import { readSetting } from '../settings';
import { isInSendWindow, nextSendTime, SendWindow } from '../scheduler';
import { readShopConfiguration } from '../shop/read-model';
import { claimBatch, markInFlightUnknown, recordBatch } from './batches';
import { creditRefusal, remainingCost, writeEstimate } from './cost';
import { exportBatch, sendBatch } from './delivery';
import { HeldLease, holdLease, leaseCampaign, releaseCampaign } from './lease';
import { reason, reasonColumns } from './messages';
import { parsePrices, Prices } from './pricing';
import { Campaign, getCampaign, transitionCampaign } from './queries';
import { RecipientSource, snapshotRecipients } from './snapshot';
import { CampaignAction, finishAction } from './state';

export interface RunnerDeps {
  db: ShopDb;
  provider: SmsProvider;
  log: Logger;
  worker: string;
  now: () => Date;
  source: RecipientSource;
  /** the marketing window of the campaign's shop */
  sendWindow: (idShop: number) => Promise<SendWindow>;
  batchSize: number;
  leaseSeconds: number;
  /** how often the lease is renewed while the run works; a third of the lease by default */
  heartbeatMs?: number;
  /** consecutive batches (or credit reads) the provider could not take before the campaign is paused */
  pauseAfterFailures: number;
  /** wait between those attempts */
  retryDelayMs: number;
}

interface Run {
  deps: RunnerDeps;
  id: number;
  lease: HeldLease;
}

/**
 * Runs one campaign that is `sending` until it is finished, paused or cancelled, the send window
 * closes, or another instance takes it over. Safe to call at any time from any instance: the
 * lease (renewed on a heartbeat) lets one runner work a campaign; rows a dead run left in flight
 * become unknown; the checkpoint resumes after the last batch claimed; the credit is checked at
 * the start of every run against what is left to send, so a crash can never skip that check.
 * Returns the campaign as it ends this run.
 */
export async function runCampaign(deps: RunnerDeps, id: number): Promise<Campaign> {
  const { db, worker } = deps;
  if (!(await leaseCampaign(db, id, worker, deps.leaseSeconds, deps.now()))) return getCampaign(db, id);
  const run: Run = { deps, id, lease: holdLease(deps, id, deps.leaseSeconds, deps.heartbeatMs) };
  try {
    await markInFlightUnknown(db, id);
    let campaign = await getCampaign(db, id);
    const prices = parsePrices(await readSetting(db, 'sms_prices', campaign.id_shop));
    if (!(await snapshotRecipients(db, campaign, deps.source, { worker, get lost() { return run.lease.lost; } }))) return lost(run);
    await writeEstimate(db, campaign, prices, worker, deps.now());
    campaign = await getCampaign(db, id);
    if (campaign.action === 'send') {
      const refused = await checkCredit(run, campaign, prices);
      if (refused) return refused;
    } else if (!campaign.directory_id) {
      const directoryId = await deps.provider.createDirectory(campaign.name);
      await db.knex(db.ownTable('campaign')).where({ id_campaign: id, claimed_by: worker }).update({ directory_id: directoryId });
      campaign = await getCampaign(db, id);
    }
    return await sendBatches(run, campaign, prices);
  } finally {
    run.lease.stop();
    await releaseCampaign(db, id, worker);
  }
}

/** Another instance holds the campaign: this run stops without touching its status. */
async function lost(run: Run): Promise<Campaign> {
  run.deps.log.info({ id_campaign: run.id, worker: run.deps.worker }, 'campaign run stopped: another instance took it over');
  return getCampaign(run.deps.db, run.id);
}

/**
 * A status change made by the runner, only while it holds the lease. A conflict (the merchant
 * paused or cancelled meanwhile, or the lease is gone) leaves the campaign as the winner made it.
 */
async function settle(run: Run, action: CampaignAction, changes: Record<string, unknown>): Promise<Campaign> {
  const { db, now, worker } = run.deps;
  try {
    return await transitionCampaign(db, run.id, action, changes, now(), worker);
  } catch (err) {
    if (isShopcastError(err) && err.code === 'conflict') return getCampaign(db, run.id);
    throw err;
  }
}

/**
 * The credit must cover what is left to send, checked before the first batch of every run. A
 * provider that cannot say its credit is asked again like a batch is retried, then the campaign
 * pauses with the reason. Returns the campaign when the run must stop, null to go on.
 */
async function checkCredit(run: Run, campaign: Campaign, prices: Prices): Promise<Campaign | null> {
  const { deps } = run;
  const cost = await remainingCost(deps.db, run.id, prices);
  if (cost === 0n) return null;
  let credit: Credit | null = null;
  let failure = '';
  for (let attempt = 1; credit === null; attempt++) {
    try {
      credit = await deps.provider.credit();
    } catch (err) {
      failure = isShopcastError(err) ? err.message : 'unexpected error';
      deps.log.warn({ id_campaign: run.id, attempt, err }, 'campaign credit check failed');
      if (attempt >= deps.pauseAfterFailures) return settle(run, 'pause', reasonColumns(reason('credit_unavailable', { reason: failure })));
      await sleep(deps.retryDelayMs * attempt);
      if (run.lease.lost) return lost(run);
    }
  }
  const nothingSentYet = campaign.sent === 0 && campaign.unknown === 0;
  const refusal = creditRefusal(cost, credit, nothingSentYet);
  if (!refusal) return null;
  deps.log.warn({ id_campaign: run.id, cost: refusal.params.cost, credit: refusal.params.credit }, 'campaign refused: insufficient credit');
  if (nothingSentYet) return settle(run, 'finish_failed', { ...reasonColumns(refusal), finished_at: toSqlDateTime(deps.now()) });
  return settle(run, 'pause', reasonColumns(refusal));
}

async function sendBatches(run: Run, campaign: Campaign, prices: Prices): Promise<Campaign> {
  const { deps, id } = run;
  const { db, log } = deps;
  const window = await deps.sendWindow(campaign.id_shop);
  const shopName = (await readShopConfiguration(db, 'PS_SHOP_NAME', campaign.id_shop)) ?? '';
  let failures = 0;
  for (;;) {
    if (run.lease.lost) return lost(run);
    if (campaign.action === 'send' && !isInSendWindow(deps.now(), window)) {
      const resume = nextSendTime(deps.now(), window);
      log.info({ id_campaign: id, resume }, 'campaign paused by quiet hours');
      return settle(run, 'pause', { scheduled_at: toSqlDateTime(resume), ...reasonColumns(reason('quiet_hours')) });
    }
    const claim = await claimBatch(db, id, deps.worker, deps.batchSize, deps.leaseSeconds, deps.now());
    if (claim.kind === 'lost') return lost(run);
    if (claim.kind === 'stopped') return getCampaign(db, id);
    if (claim.kind === 'empty') return finish(run);
    const batch = claim.rows;
    const outcomes = campaign.action === 'export' ? await exportBatch(deps.provider, campaign, batch) : await sendBatch(deps.provider, campaign, batch, prices, shopName);
    const totals = await recordBatch(db, id, outcomes, deps.now());
    log.info({ id_campaign: id, size: batch.length, ...totals }, 'campaign batch recorded');
    failures = totals.retry === batch.length ? failures + 1 : 0;
    if (failures >= deps.pauseAfterFailures) {
      const refused = outcomes.find((o) => o.status === 'pending');
      log.warn({ id_campaign: id, failures }, 'campaign paused: the provider keeps refusing');
      return settle(run, 'pause', reasonColumns(reason('provider_unavailable', { failures, reason: refused?.message ?? refused?.code ?? 'provider unavailable' })));
    }
    if (failures > 0) await sleep(deps.retryDelayMs * failures);
  }
}

async function finish(run: Run): Promise<Campaign> {
  const c = await getCampaign(run.deps.db, run.id);
  const done = await settle(run, finishAction(c), { finished_at: toSqlDateTime(run.deps.now()), ...reasonColumns(null) });
  run.deps.log.info({ id_campaign: run.id, status: done.status, sent: done.sent, failed: done.failed, unknown: done.unknown }, 'campaign finished');
  return done;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
