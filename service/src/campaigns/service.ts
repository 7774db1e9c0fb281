import { z } from 'zod';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { ErrorIssue, localizedIssue, ShopcastError } from '../errors';
import type { SmsProvider } from '../providers/types';
import { isInSendWindow, nextSendTime, SendWindow } from '../scheduler';
import { countSegment, parseSegment, readShopZone } from '../segments';
import { readSetting } from '../settings';
import type { MessageProblem } from '../sms';
import { validateSender } from '../sms';
import { checkTemplate, estimateTemplate } from '../templates';
import { invalidInput, issue, reasonColumns, say, zodIssues } from './messages';
import { costOf, formatUnits, parsePrices } from './pricing';
import { Campaign, getCampaign, insertCampaign, transitionCampaign } from './queries';
import { futureSendAt, shopTime } from './send-at';

export const campaignInputSchema = z.object({
  name: z.string({ message: 'text' }).trim().min(1, { message: 'name_required' }).max(128, { message: 'name_long' }),
  action: z.enum(['send', 'export'], { message: 'action' }).default('send'),
  criteria: z.unknown(),
  message: z.string({ message: 'text' }).max(2000, { message: 'message_long' }).default(''),
  sender: z.string({ message: 'text' }).trim().max(64, { message: 'sender_long' }).nullable().default(null),
});

export type CampaignInput = z.infer<typeof campaignInputSchema>;

/**
 * Validates a campaign as the merchant submits it: criteria (shape, shops the token may use,
 * ids), sender rules, and a message that only uses customer and shop variables and can go to
 * France as typed (non-GSM characters must be replaced by the merchant, who sees each one).
 * Throws invalid_input listing every problem, in French and English.
 */
export function validateCampaignInput(body: unknown, allowedShops: number[]): CampaignInput & { id_shop: number } {
  const parsed = campaignInputSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(zodIssues(parsed.error, 'campaign'), 'invalid_campaign');
  const input = { ...parsed.data, sender: parsed.data.sender || null };
  const segment = parseSegment(input.criteria);
  const shops = segment.shops.length > 0 ? segment.shops : allowedShops;
  if (allowedShops.length > 0 && (segment.shops.length === 0 || segment.shops.some((s) => !allowedShops.includes(s)))) {
    throw new ShopcastError('unauthorized', say('shops_forbidden', { shops: allowedShops.join(', ') }), { shops: allowedShops });
  }
  const issues: ErrorIssue[] = [];
  if (input.sender !== null) for (const e of validateSender(input.sender)) issues.push(localizedIssue('sender', { en: e.en, fr: e.fr }));
  if (input.action === 'send') issues.push(...messageIssues(input.message, input.sender !== null));
  if (issues.length > 0) throw invalidInput(issues, 'invalid_campaign');
  return { ...input, id_shop: shops[0] ?? 1 };
}

function messageIssues(message: string, customSender: boolean): ErrorIssue[] {
  if (message.trim() === '') return [issue('message', 'message_empty')];
  const variables = checkTemplate(message, 'marketing').issues.map((i) => issue('message', i.reason === 'unknown' ? 'variable_unknown' : 'variable_unavailable', { name: i.name }));
  if (variables.length > 0) return variables;
  return estimateTemplate(message, 'marketing', { marketing: true, customSender, country: 'FR' }).problems.map(problemIssue);
}

function problemIssue(p: MessageProblem): ErrorIssue {
  if (p.code === 'too_long') return issue('message', 'too_long', { parts: p.params.parts, maxParts: p.params.maxParts, maxLength: p.params.maxLength });
  const chars = p.params.chars.map((c) => `${JSON.stringify(c.char)} (${c.codePoints}) @${c.index}`).join(', ');
  return issue('message', 'ucs2', { country: p.params.country, chars });
}

export async function createCampaign(db: ShopDb, body: unknown, allowedShops: number[]): Promise<Campaign> {
  const input = validateCampaignInput(body, allowedShops);
  return insertCampaign(db, input);
}

export interface CampaignEstimate {
  matched: number;
  reachable: number;
  dropped: Record<string, number>;
  /** parts per message with the catalogue's example values: real names may add a part */
  parts: number;
  encoding: string;
  /** euros, at the price of the shop's main country (per-country prices apply once the recipients are known) */
  estimated_cost: string;
  credit: { amount: number; smsFrance: number | null } | null;
}

/**
 * What the page shows before the campaign exists: recipients, parts with example values, a cost
 * at the French price, and the credit left. Real names and countries are only known once the
 * segment is snapshotted; the exact cost is checked then, before anything is sent (sendCampaignNow).
 */
export async function estimateCampaign(db: ShopDb, provider: SmsProvider, body: unknown, allowedShops: number[]): Promise<CampaignEstimate> {
  const input = validateCampaignInput(body, allowedShops);
  const count = await countSegment(db, input.criteria, { allowedShops });
  const check = estimateTemplate(input.message || ' ', 'marketing', { marketing: true, customSender: input.sender !== null, country: 'FR' });
  const prices = parsePrices(await readSetting(db, 'sms_prices', input.id_shop));
  const cost = costOf(prices, 'FR', check.count.parts) * BigInt(count.reachable);
  const credit = await provider.credit().catch(() => null);
  return { ...count, parts: check.count.parts, encoding: check.count.encoding, estimated_cost: formatUnits(input.action === 'send' ? cost : 0n), credit };
}

/** A send now outside the marketing window is a conflict naming the next time it opens. */
export function assertInSendWindow(window: SendWindow, now = new Date()): void {
  if (isInSendWindow(now, window)) return;
  const next = nextSendTime(now, window);
  const nextLocal = shopTime(next, window.zone).slice(0, 16).replace('T', ' ');
  throw new ShopcastError('conflict', say('quiet_hours_now', { next_local: nextLocal, zone: window.zone }), { next: next.toISOString(), reason: 'quiet_hours' });
}

/** Send now: refused outside the marketing window, with the next time it opens. */
export async function startCampaign(db: ShopDb, id: number, window: SendWindow, now = new Date()): Promise<Campaign> {
  const campaign = await getCampaign(db, id);
  if (campaign.action === 'send') assertInSendWindow(window, now);
  return transitionCampaign(db, id, 'start', { started_at: toSqlDateTime(now), ...reasonColumns(null) }, now);
}

/**
 * Send now, answered once the cost is known: the campaign starts, `run` hands it to a runner, and
 * the answer waits (up to `waitMs`) for the runner to pass the credit check (the first batch is
 * claimed) or to stop. A refusal for credit is thrown as a 409 naming the cost and the credit,
 * nothing having been sent. A snapshot longer than the wait answers the running campaign; a
 * refusal then shows in its progress.
 */
export async function sendCampaignNow(db: ShopDb, id: number, window: SendWindow, run: (id: number) => void, waitMs = 15_000): Promise<Campaign> {
  let campaign = await startCampaign(db, id, window);
  run(id);
  if (campaign.action !== 'send') return campaign;
  const deadline = Date.now() + waitMs;
  while (campaign.status === 'sending' && campaign.last_id_recipient === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    campaign = await getCampaign(db, id);
  }
  const refusal = campaign.error_detail;
  if (campaign.status === 'failed' && refusal?.code === 'insufficient_credit') {
    throw new ShopcastError('conflict', refusal.messages, { reason: refusal.code, id_campaign: id, cost: refusal.params.cost, credit: refusal.params.credit });
  }
  return campaign;
}

export interface Scheduled {
  campaign: Campaign;
  /** true when the time fell outside the marketing window and was moved to its next opening */
  moved: boolean;
  /** the time it will start, on the shop's clock with its offset */
  at_local: string;
  zone: string;
}

/**
 * Send later: `at` with an offset, or a wall-clock time read in the shop's zone (PS_TIMEZONE).
 * The time is moved into the next allowed window when it falls outside one.
 */
export async function scheduleCampaign(db: ShopDb, id: number, at: unknown, window: SendWindow, now = new Date()): Promise<Scheduled> {
  const campaign = await getCampaign(db, id);
  const zone = await readShopZone(db, [campaign.id_shop]);
  const instant = futureSendAt(at, zone, now);
  const placed = campaign.action === 'send' ? nextSendTime(instant, window) : instant;
  const updated = await transitionCampaign(db, id, 'schedule', { scheduled_at: toSqlDateTime(placed), ...reasonColumns(null) }, now);
  return { campaign: updated, moved: placed.getTime() !== instant.getTime(), at_local: shopTime(placed, zone), zone };
}
