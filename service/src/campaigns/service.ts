import { z } from 'zod';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { ShopcastError } from '../errors';
import type { SmsProvider } from '../providers/types';
import { isInSendWindow, nextSendTime, SendWindow } from '../scheduler';
import { countSegment, parseSegment } from '../segments';
import { readSetting } from '../settings';
import { validateSender } from '../sms';
import { checkTemplate, estimateTemplate } from '../templates';
import { costOf, formatUnits, parsePrices } from './pricing';
import { Campaign, getCampaign, insertCampaign, transitionCampaign } from './queries';

export const campaignInputSchema = z.object({
  name: z.string().trim().min(1, { message: 'the campaign needs a name' }).max(128, { message: 'at most 128 characters' }),
  action: z.enum(['send', 'export'], { message: 'expected send or export' }).default('send'),
  criteria: z.unknown(),
  message: z.string().max(2000, { message: 'the text is longer than 2000 characters' }).default(''),
  sender: z.string().trim().max(64).nullable().default(null),
});

export type CampaignInput = z.infer<typeof campaignInputSchema>;

type Issue = { path: string; message: string };

/**
 * Validates a campaign as the merchant submits it: criteria (shape, shops the token may use,
 * ids), sender rules, and a message that only uses customer and shop variables and can go to
 * France as typed (non-GSM characters must be replaced by the merchant, who sees each one).
 * Throws invalid_input listing every problem.
 */
export function validateCampaignInput(body: unknown, allowedShops: number[]): CampaignInput & { id_shop: number } {
  const parsed = campaignInputSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'campaign', message: i.message })));
  const input = { ...parsed.data, sender: parsed.data.sender || null };
  const segment = parseSegment(input.criteria);
  const shops = segment.shops.length > 0 ? segment.shops : allowedShops;
  if (allowedShops.length > 0 && (segment.shops.length === 0 || segment.shops.some((s) => !allowedShops.includes(s)))) {
    throw new ShopcastError('unauthorized', `this token may only target shops ${allowedShops.join(', ')}`, { shops: allowedShops });
  }
  const issues: Issue[] = [];
  if (input.sender !== null) for (const e of validateSender(input.sender)) issues.push({ path: 'sender', message: e.en });
  if (input.action === 'send') issues.push(...messageIssues(input.message, input.sender !== null));
  if (issues.length > 0) throw invalid(issues);
  return { ...input, id_shop: shops[0] ?? 1 };
}

function messageIssues(message: string, customSender: boolean): Issue[] {
  if (message.trim() === '') return [{ path: 'message', message: 'the text is empty' }];
  const issues: Issue[] = checkTemplate(message, 'marketing').issues.map((i) => ({
    path: 'message',
    message: `{${i.name}} ${i.reason === 'unknown' ? 'is not a known variable' : 'is not available in marketing messages'}`,
  }));
  if (issues.length > 0) return issues;
  return estimateTemplate(message, 'marketing', { marketing: true, customSender, country: 'FR' }).problems.map((p) => ({ path: 'message', message: p.message }));
}

function invalid(issues: Issue[]): ShopcastError {
  return new ShopcastError('invalid_input', `invalid campaign: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {}, issues);
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

/** What the page shows before anything is spent: recipients, parts, cost, and the credit left. */
export async function estimateCampaign(db: ShopDb, provider: SmsProvider, body: unknown, allowedShops: number[]): Promise<CampaignEstimate> {
  const input = validateCampaignInput(body, allowedShops);
  const count = await countSegment(db, input.criteria, { allowedShops });
  const check = estimateTemplate(input.message || ' ', 'marketing', { marketing: true, customSender: input.sender !== null, country: 'FR' });
  const prices = parsePrices(await readSetting(db, 'sms_prices', input.id_shop));
  const cost = costOf(prices, 'FR', check.count.parts) * BigInt(count.reachable);
  const credit = await provider.credit().catch(() => null);
  return { ...count, parts: check.count.parts, encoding: check.count.encoding, estimated_cost: formatUnits(input.action === 'send' ? cost : 0n), credit };
}

/** Send now: refused outside the marketing window, with the next time it opens. */
export async function startCampaign(db: ShopDb, id: number, window: SendWindow, now = new Date()): Promise<Campaign> {
  const campaign = await getCampaign(db, id);
  if (campaign.action === 'send' && !isInSendWindow(now, window)) {
    const next = nextSendTime(now, window);
    throw new ShopcastError('conflict', `marketing SMS may not be sent now (quiet hours); the next allowed time is ${next.toISOString()}`, { next: next.toISOString() });
  }
  return transitionCampaign(db, id, 'start', { started_at: toSqlDateTime(now), error: null }, now);
}

/** Send later: the time is moved into the next allowed window when it falls outside one. */
export async function scheduleCampaign(db: ShopDb, id: number, at: Date, window: SendWindow, now = new Date()): Promise<{ campaign: Campaign; moved: boolean }> {
  if (Number.isNaN(at.getTime())) throw new ShopcastError('invalid_input', 'scheduled time: expected an ISO 8601 date and time');
  if (at.getTime() < now.getTime() - 60_000) throw new ShopcastError('invalid_input', 'scheduled time: this time has passed', { at: at.toISOString() });
  const campaign = await getCampaign(db, id);
  const placed = campaign.action === 'send' ? nextSendTime(at, window) : at;
  const updated = await transitionCampaign(db, id, 'schedule', { scheduled_at: toSqlDateTime(placed), error: null }, now);
  return { campaign: updated, moved: placed.getTime() !== at.getTime() };
}
