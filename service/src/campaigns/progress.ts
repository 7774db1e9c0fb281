import type { Campaign } from './queries';
import { FINAL_STATUSES } from './state';

/** The seed's progress screen: created, generated, cost estimate, sending, done. */
export type ProgressStep = 'created' | 'generated' | 'cost_estimate' | 'sending' | 'done';

export interface Progress {
  id_campaign: number;
  step: ProgressStep;
  status: Campaign['status'];
  recipients: number;
  processed: number;
  sent: number;
  failed: number;
  unknown: number;
  estimated_cost: string | null;
  cost: string | null;
  error: string | null;
  /** true once nothing more will happen without the merchant (finished, paused, missed) */
  settled: boolean;
}

/**
 * Derived from the campaign row alone, so any instance can report the progress of a run another
 * instance is doing, and closing the page changes nothing.
 */
export function progressOf(c: Campaign): Progress {
  const final = FINAL_STATUSES.includes(c.status);
  const processed = c.sent + c.failed + c.unknown;
  let step: ProgressStep = 'created';
  if (final) step = 'done';
  else if (processed > c.failed || c.last_id_recipient > 0) step = 'sending';
  else if (c.estimated_cost !== null) step = 'cost_estimate';
  else if (c.snapshot_done) step = 'generated';
  return {
    id_campaign: c.id_campaign,
    step,
    status: c.status,
    recipients: c.recipients,
    processed,
    sent: c.sent,
    failed: c.failed,
    unknown: c.unknown,
    estimated_cost: c.estimated_cost,
    cost: c.cost,
    error: c.error,
    settled: final || c.status === 'paused' || c.status === 'missed' || c.status === 'draft' || c.status === 'scheduled',
  };
}
