/**
 * Marketing campaigns: the state machine, estimate before spending, snapshot of the segment,
 * the crash-safe runner, the scheduler side, history and live progress.
 */
export { nextStatus, availableActions, finishAction, FINAL_STATUSES } from './state';
export type { CampaignStatus, CampaignAction } from './state';
export { getCampaign, insertCampaign, transitionCampaign } from './queries';
export type { Campaign, NewCampaign } from './queries';
export { createCampaign, estimateCampaign, startCampaign, sendCampaignNow, scheduleCampaign, validateCampaignInput } from './service';
export type { CampaignEstimate, CampaignInput, Scheduled } from './service';
export { parseSendAt } from './send-at';
export { runCampaign } from './runner';
export type { RunnerDeps } from './runner';
export type { RecipientSource } from './snapshot';
export { createCampaignWorker } from './worker';
export type { CampaignWorker } from './worker';
export { listCampaigns, listRecipients, streamRecipientRows, campaignFilterSchema, recipientFilterSchema } from './history';
export { progressOf, progressEvents, SEND_STEPS, EXPORT_STEPS } from './progress';
export type { Progress, ProgressStep } from './progress';
export type { CampaignReason } from './messages';
export { parsePrices, DEFAULT_PRICES, formatUnits, toUnits } from './pricing';
export { readSendWindow } from './window';
export { campaignRoutes } from './routes';
export { startCampaigns } from './runtime';
