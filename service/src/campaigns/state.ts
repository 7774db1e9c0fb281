import { ShopcastError } from '../errors';
import { transitionMessage } from './messages';

/**
 * The campaign state machine, enforced on the server: every change of status goes through
 * `nextStatus`, and the UPDATE that applies it is conditioned on the status it was computed
 * from, so two requests racing cannot both win.
 */
export type CampaignStatus =
  | 'draft'
  | 'scheduled'
  | 'sending'
  | 'paused'
  | 'sent'
  | 'partially_sent'
  | 'failed'
  | 'cancelled'
  | 'missed';

export type CampaignAction =
  | 'schedule'
  | 'unschedule'
  | 'start'
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'miss'
  | 'finish_sent'
  | 'finish_partial'
  | 'finish_failed';

const TRANSITIONS: Record<CampaignAction, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  schedule: { draft: 'scheduled', scheduled: 'scheduled', missed: 'scheduled' },
  unschedule: { scheduled: 'draft', missed: 'draft' },
  start: { draft: 'sending', scheduled: 'sending', missed: 'sending' },
  pause: { sending: 'paused' },
  resume: { paused: 'sending' },
  cancel: { draft: 'cancelled', scheduled: 'cancelled', missed: 'cancelled', sending: 'cancelled', paused: 'cancelled' },
  miss: { scheduled: 'missed' },
  finish_sent: { sending: 'sent' },
  finish_partial: { sending: 'partially_sent' },
  finish_failed: { sending: 'failed' },
};

export const FINAL_STATUSES: readonly CampaignStatus[] = ['sent', 'partially_sent', 'failed', 'cancelled'];

/** The status `action` leads to from `from`; a conflict error naming both when it is not allowed. */
export function nextStatus(from: CampaignStatus, action: CampaignAction): CampaignStatus {
  const to = TRANSITIONS[action][from];
  if (!to) {
    throw new ShopcastError('conflict', transitionMessage(from, action), { status: from, action });
  }
  return to;
}

/** Actions the page may offer for a campaign in this status (the runner's own finishes excluded). */
export function availableActions(from: CampaignStatus): CampaignAction[] {
  const manual: CampaignAction[] = ['schedule', 'unschedule', 'start', 'pause', 'resume', 'cancel'];
  return manual.filter((action) => TRANSITIONS[action][from] !== undefined);
}

/** How a run ends, from its per-recipient outcome counts. */
export function finishAction(counts: { sent: number; failed: number; unknown: number }): CampaignAction {
  if (counts.failed === 0 && counts.unknown === 0) return 'finish_sent';
  if (counts.sent === 0) return 'finish_failed';
  return 'finish_partial';
}
