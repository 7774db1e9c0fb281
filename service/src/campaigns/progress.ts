import type { CampaignReason } from './messages';
import type { Campaign } from './queries';
import { FINAL_STATUSES } from './state';

/**
 * The seed's progress screens. A send: created, generated, cost estimate, sending, done. An
 * export to a provider directory: created, generated, directory created, import (sending), done
 * ("import done").
 */
export type ProgressStep = 'created' | 'generated' | 'cost_estimate' | 'directory_created' | 'sending' | 'done';

export const SEND_STEPS: readonly ProgressStep[] = ['created', 'generated', 'cost_estimate', 'sending', 'done'];
export const EXPORT_STEPS: readonly ProgressStep[] = ['created', 'generated', 'directory_created', 'sending', 'done'];

export interface Progress {
  id_campaign: number;
  /** the furthest step reached */
  step: ProgressStep;
  /** the steps of this campaign's action, in order */
  steps: ProgressStep[];
  /** the steps reached so far, in order (a campaign refused for credit never reaches sending) */
  reached: ProgressStep[];
  status: Campaign['status'];
  recipients: number;
  processed: number;
  sent: number;
  failed: number;
  unknown: number;
  estimated_cost: string | null;
  cost: string | null;
  error: string | null;
  error_detail: CampaignReason | null;
  /** true once nothing more will happen without the merchant (finished, paused, missed) */
  settled: boolean;
}

/** Whether the campaign row shows each step done; every step has its own column, so each is seen. */
function reachedSteps(c: Campaign): ProgressStep[] {
  const processed = c.sent + c.failed + c.unknown;
  const done: Record<ProgressStep, boolean> = {
    created: true,
    generated: c.snapshot_done,
    cost_estimate: c.estimated_cost !== null,
    directory_created: c.directory_id !== null,
    sending: c.last_id_recipient > 0 || processed > c.failed,
    done: FINAL_STATUSES.includes(c.status),
  };
  return (c.action === 'export' ? EXPORT_STEPS : SEND_STEPS).filter((s) => done[s]);
}

/**
 * Derived from the campaign row alone, so any instance can report the progress of a run another
 * instance is doing, and closing the page changes nothing.
 */
export function progressOf(c: Campaign): Progress {
  const reached = reachedSteps(c);
  return {
    id_campaign: c.id_campaign,
    step: reached[reached.length - 1],
    steps: [...(c.action === 'export' ? EXPORT_STEPS : SEND_STEPS)],
    reached,
    status: c.status,
    recipients: c.recipients,
    processed: c.sent + c.failed + c.unknown,
    sent: c.sent,
    failed: c.failed,
    unknown: c.unknown,
    estimated_cost: c.estimated_cost,
    cost: c.cost,
    error: c.error,
    error_detail: c.error_detail,
    settled: FINAL_STATUSES.includes(c.status) || c.status === 'paused' || c.status === 'missed' || c.status === 'draft' || c.status === 'scheduled',
  };
}

/**
 * The events a stream sends when the campaign moved from `previous` to `current`: one per step
 * reached since, in order (a step passed between two reads is still announced), then the current
 * figures when only they changed. Nothing when nothing changed.
 */
export function progressEvents(previous: Progress | null, current: Progress): Progress[] {
  const announced = new Set(previous?.reached ?? []);
  const fresh = current.reached.filter((s) => !announced.has(s));
  if (fresh.length > 0) return fresh.map((step) => ({ ...current, step }));
  return previous && JSON.stringify(previous) === JSON.stringify(current) ? [] : [current];
}
