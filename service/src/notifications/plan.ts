import { checkMessage } from '../sms';
import { renderTemplate, TemplateContext } from '../templates';
import type { EventKey } from './catalogue';
import { templateAudienceFor } from './events';
import type { PlannedNotification } from './history';
import type { RecipientChoice } from './recipients';
import type { Rule } from './rules';

export interface PlanInput {
  idEvent: number;
  idShop: number;
  event: EventKey;
  rule: Rule;
  recipient: RecipientChoice;
  optedOut: boolean;
  defaultSender: string | null;
  context: TemplateContext;
}

/**
 * What one rule sends for one event: the rendered text, checked as a transactional message
 * (no STOP mention; non-GSM characters replaced by look-alikes, since France refuses UCS-2 and a
 * customer's "ç" must not stop an order notice), or a skipped row saying why nothing goes.
 * Pure: no I/O.
 */
export function planNotification(input: PlanInput): PlannedNotification {
  const base = {
    id_event: input.idEvent,
    id_rule: input.rule.id_rule,
    id_shop: input.idShop,
    event: input.event,
    channel: 'sms' as const,
    sender: input.rule.sender ?? input.defaultSender,
  };
  const rendered = renderTemplate(input.rule.message, templateAudienceFor(input.rule.events), input.context);
  const country = input.recipient.phone === null ? 'FR' : input.recipient.country;
  const check = checkMessage(rendered, { marketing: false, country, replace: true });
  const skipped = (reason: string): PlannedNotification => ({
    ...base,
    recipient: input.recipient.phone ?? '',
    message: check.text,
    parts: Math.min(check.count.parts, 255),
    status: 'skipped',
    provider_message: reason,
  });
  if (input.recipient.phone === null) return skipped(input.recipient.reason);
  if (input.optedOut) return skipped('opted_out');
  if (check.problems.length > 0) return skipped(check.problems.map((p) => p.code).join(','));
  return { ...base, recipient: input.recipient.phone, message: check.text, parts: check.count.parts, status: 'pending' };
}

/** Telegram refuses longer texts (4096 characters once parsed). */
const TELEGRAM_MAX_TEXT = 4096;

export interface ChatPlanInput {
  idEvent: number;
  idShop: number;
  event: EventKey;
  rule: Rule;
  /** 'tg:<chat id>' of each linked staff chat; none gives one skipped row */
  recipients: string[];
  /** why nothing can go when there is no recipient */
  noRecipientReason: 'no_telegram_chat' | 'telegram_not_configured';
  context: TemplateContext;
}

/**
 * What one rule sends by Telegram for one event: the same template as the SMS, rendered once
 * and kept as written (Telegram takes any Unicode, so no look-alike replacement, no parts),
 * one row per linked chat. Pure: no I/O.
 */
export function planChatNotifications(input: ChatPlanInput): PlannedNotification[] {
  const text = renderTemplate(input.rule.message, templateAudienceFor(input.rule.events), input.context);
  const row = (recipient: string, skipReason: string | null): PlannedNotification => ({
    id_event: input.idEvent,
    id_rule: input.rule.id_rule,
    id_shop: input.idShop,
    event: input.event,
    channel: 'telegram',
    recipient,
    sender: null,
    message: text,
    parts: 0,
    status: skipReason === null ? 'pending' : 'skipped',
    provider_message: skipReason,
  });
  if (input.recipients.length === 0) return [row('tg:', input.noRecipientReason)];
  const tooLong = text.length > TELEGRAM_MAX_TEXT ? 'text_too_long' : null;
  return input.recipients.map((r) => row(r, tooLong));
}
