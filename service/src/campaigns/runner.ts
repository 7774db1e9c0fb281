import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import type { Logger } from '../logging';
import type { MessageResult, SmsProvider } from '../providers/types';
import { readSetting } from '../settings';
import { isInSendWindow, nextSendTime, SendWindow } from '../scheduler';
import { readShopConfiguration } from '../shop/read-model';
import { BatchRecipient, claimBatch, leaseCampaign, markInFlightUnknown, recordBatch, RecipientOutcome, releaseCampaign } from './batches';
import { costOf, parsePrices, Prices, toUnits } from './pricing';
import { Campaign, getCampaign, transitionCampaign } from './queries';
import { RecipientSource, renderFor, snapshotRecipients } from './snapshot';
import { finishAction } from './state';

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
  /** consecutive batches the provider could not take before the campaign is paused */
  pauseAfterFailures: number;
  /** wait between those attempts */
  retryDelayMs: number;
}

/**
 * Runs one campaign that is `sending` until it is finished, paused or cancelled, or the send
 * window closes. Safe to call at any time from any instance: the lease lets one runner work a
 * campaign; rows a dead run left in flight become unknown; the checkpoint resumes after the last
 * batch claimed. Returns the campaign as it ends this run.
 */
export async function runCampaign(deps: RunnerDeps, id: number): Promise<Campaign> {
  const { db, worker } = deps;
  if (!(await leaseCampaign(db, id, worker, deps.leaseSeconds, deps.now()))) return getCampaign(db, id);
  try {
    let campaign = await getCampaign(db, id);
    await markInFlightUnknown(db, id);
    const prices = parsePrices(await readSetting(db, 'sms_prices', campaign.id_shop));
    const snapshot = await snapshotRecipients(db, campaign, deps.source, prices);
    if (!campaign.snapshot_done && campaign.action === 'send') {
      const refusal = await creditRefusal(deps, snapshot.estimatedCost);
      if (refusal) return await transitionCampaign(db, id, 'finish_failed', { error: refusal, finished_at: toSqlDateTime(deps.now()) }, deps.now());
    }
    campaign = await getCampaign(db, id);
    if (campaign.action === 'export' && !campaign.directory_id) {
      const directoryId = await deps.provider.createDirectory(campaign.name);
      await db.knex(db.ownTable('campaign')).where({ id_campaign: id }).update({ directory_id: directoryId });
      campaign = await getCampaign(db, id);
    }
    return await sendBatches(deps, campaign, prices);
  } finally {
    await releaseCampaign(db, id, worker);
  }
}

async function creditRefusal(deps: RunnerDeps, estimated: string): Promise<string | null> {
  const credit = await deps.provider.credit();
  const have = toUnits(credit.amount.toFixed(4));
  if (toUnits(estimated) <= have) return null;
  return `insufficient credit: the campaign costs about ${estimated} EUR and the account has ${credit.amount.toFixed(2)} EUR; nothing was sent`;
}

async function sendBatches(deps: RunnerDeps, campaign: Campaign, prices: Prices): Promise<Campaign> {
  const { db, log } = deps;
  const id = campaign.id_campaign;
  const window = await deps.sendWindow(campaign.id_shop);
  const shopName = (await readShopConfiguration(db, 'PS_SHOP_NAME', campaign.id_shop)) ?? '';
  let failures = 0;
  for (;;) {
    const status = (await getCampaign(db, id)).status;
    if (status !== 'sending') return getCampaign(db, id);
    if (campaign.action === 'send' && !isInSendWindow(deps.now(), window)) {
      const resume = nextSendTime(deps.now(), window);
      log.info({ id_campaign: id, resume }, 'campaign paused by quiet hours');
      return transitionCampaign(db, id, 'pause', { scheduled_at: toSqlDateTime(resume), error: 'quiet hours: resumes automatically' }, deps.now());
    }
    const batch = await claimBatch(db, id, deps.worker, deps.batchSize, deps.leaseSeconds, deps.now());
    if (batch.length === 0) return finish(deps, id);
    const outcomes = campaign.action === 'export' ? await exportBatch(deps, campaign, batch) : await sendBatch(deps, campaign, batch, prices, shopName);
    const totals = await recordBatch(db, id, outcomes, deps.now());
    log.info({ id_campaign: id, size: batch.length, ...totals }, 'campaign batch recorded');
    failures = totals.retry === batch.length ? failures + 1 : 0;
    if (failures >= deps.pauseAfterFailures) {
      const reason = outcomes.find((o) => o.status === 'pending')?.message ?? 'provider unavailable';
      log.warn({ id_campaign: id, failures }, 'campaign paused: the provider keeps refusing');
      return transitionCampaign(db, id, 'pause', { error: `paused after ${failures} failed attempts: ${reason}` }, deps.now());
    }
    if (failures > 0) await new Promise((r) => setTimeout(r, deps.retryDelayMs * failures));
  }
}

async function sendBatch(deps: RunnerDeps, campaign: Campaign, batch: BatchRecipient[], prices: Prices, shopName: string): Promise<RecipientOutcome[]> {
  const texts = batch.map((r) => renderFor(campaign, r, shopName));
  const results = await deps.provider.send(
    batch.map((r, i) => ({ to: r.phone, text: texts[i].text, tracker: `c${campaign.id_campaign}r${r.id_recipient}` })),
    { sender: campaign.sender ?? undefined, marketing: true },
  );
  return batch.map((r, i) => outcomeOf(r, results[i], costOf(prices, r.country, texts[i].count.parts)));
}

function outcomeOf(r: BatchRecipient, result: MessageResult | undefined, cost: bigint): RecipientOutcome {
  if (!result) return { id_recipient: r.id_recipient, status: 'unknown', code: null, message: 'no result from the provider', cost: 0n };
  if (result.status === 'accepted') return { id_recipient: r.id_recipient, status: 'sent', code: result.code, message: result.message, cost };
  if (result.status === 'unknown') return { id_recipient: r.id_recipient, status: 'unknown', code: result.code, message: result.message, cost: 0n };
  return { id_recipient: r.id_recipient, status: result.retryable ? 'pending' : 'failed', code: result.code, message: result.message, cost: 0n };
}

async function exportBatch(deps: RunnerDeps, campaign: Campaign, batch: BatchRecipient[]): Promise<RecipientOutcome[]> {
  const results = await deps.provider.addToDirectory(
    campaign.directory_id!,
    batch.map((r) => ({ phone: r.phone, name: `${r.firstname} ${r.lastname}`.trim() })),
  );
  return batch.map((r, i) => ({
    id_recipient: r.id_recipient,
    status: results[i]?.status === 'accepted' ? 'sent' : 'failed',
    code: results[i]?.code ?? null,
    message: results[i]?.message ?? 'no result from the provider',
    cost: 0n,
  }));
}

async function finish(deps: RunnerDeps, id: number): Promise<Campaign> {
  const c = await getCampaign(deps.db, id);
  const done = await transitionCampaign(deps.db, id, finishAction(c), { finished_at: toSqlDateTime(deps.now()), error: null }, deps.now());
  deps.log.info({ id_campaign: id, status: done.status, sent: done.sent, failed: done.failed, unknown: done.unknown }, 'campaign finished');
  return done;
}
