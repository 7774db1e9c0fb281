import os from 'node:os';
import cron from 'node-cron';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import type { Logger } from '../logging';
import type { SmsProvider } from '../providers/types';
import { segmentRecipients } from '../segments';
import { readSendWindow } from './window';
import { CampaignWorker, createCampaignWorker } from './worker';

export interface RunningCampaigns {
  worker: CampaignWorker;
  stop(): Promise<void>;
}

/**
 * Campaigns as the service runs them: the configured provider (whose adapter splits its own
 * calls by the isendpro_batch_size setting), claims of 500 recipients, a lease of
 * SHOPCAST_CAMPAIGN_LEASE_SECONDS renewed on a heartbeat, and a node-cron tick every 10 seconds
 * that starts due campaigns, marks those later than SHOPCAST_CAMPAIGN_MISSED_GRACE_MINUTES missed,
 * and resumes what a stopped instance left.
 */
export function startCampaigns(db: ShopDb, config: Config, log: Logger, provider: SmsProvider, options: { tickCron?: string; batchSize?: number } = {}): RunningCampaigns {
  const worker = createCampaignWorker({
    db,
    provider,
    log,
    worker: `${os.hostname()}:${process.pid}`.slice(0, 64),
    now: () => new Date(),
    source: (campaign) => segmentRecipients(db, campaign.criteria, { batchSize: 1000 }),
    sendWindow: (idShop) => readSendWindow(db, idShop),
    batchSize: options.batchSize ?? 500,
    leaseSeconds: config.campaignLeaseSeconds,
    pauseAfterFailures: 5,
    retryDelayMs: 2000,
    missedGraceSeconds: config.campaignMissedGraceMinutes * 60,
  });
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      await worker.tick();
    } catch (err) {
      log.error({ err }, 'campaign scheduler tick failed');
    } finally {
      ticking = false;
    }
  };
  const task = cron.schedule(options.tickCron ?? '*/10 * * * * *', () => void tick());
  void tick();
  return {
    worker,
    async stop() {
      await task.stop();
      await worker.stop();
    },
  };
}
