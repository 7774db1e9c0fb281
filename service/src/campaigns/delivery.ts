import type { MessageResult, SmsProvider } from '../providers/types';
import type { BatchRecipient, RecipientOutcome } from './batches';
import { costOf, Prices } from './pricing';
import type { Campaign } from './queries';
import { renderFor } from './snapshot';

/**
 * One claimed batch handed to the provider, and each recipient's outcome from its answer. The
 * provider port never throws for a provider or network failure, so every recipient gets an
 * outcome: sent, failed (refused), unknown (may have gone out: never resent) or pending (nothing
 * was sent: retried).
 */
export async function sendBatch(provider: SmsProvider, campaign: Campaign, batch: BatchRecipient[], prices: Prices, shopName: string): Promise<RecipientOutcome[]> {
  const texts = batch.map((r) => renderFor(campaign, r, shopName));
  const results = await provider.send(
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

/** An export batch: the recipients added to the campaign's provider directory, with their names. */
export async function exportBatch(provider: SmsProvider, campaign: Campaign, batch: BatchRecipient[]): Promise<RecipientOutcome[]> {
  const results = await provider.addToDirectory(
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
