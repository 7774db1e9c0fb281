import { boundCode } from './formats';
import type { MessageResult } from './types';

/**
 * One send result as the columns of a history row (campaign recipients, notifications): the
 * status both tables use and the provider's code, words and id, cut to the columns' widths
 * (sql/001_core.sql, sql/004_providers.sql). Pure; the callers write the row.
 */
export type HistoryStatus = 'sent' | 'failed' | 'unknown' | 'pending';

export interface HistoryFields {
  status: HistoryStatus;
  provider_code: string | null;
  provider_message: string | null;
  provider_message_id: string | null;
}

/** accepted -> sent; refused -> failed; nothing left us (retryable) -> pending, to try again; in flight -> unknown, never again. */
export function historyFields(result: MessageResult): HistoryFields {
  const status: HistoryStatus =
    result.status === 'accepted' ? 'sent' : result.status === 'unknown' ? 'unknown' : result.retryable ? 'pending' : 'failed';
  return {
    status,
    provider_code: boundCode(result.code),
    provider_message: result.message === null ? null : result.message.slice(0, 255),
    provider_message_id: result.providerId ? result.providerId.slice(0, 64) : null,
  };
}
