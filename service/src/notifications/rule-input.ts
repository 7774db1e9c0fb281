import { z } from 'zod';
import { ShopcastError } from '../errors';
import { validateSender } from '../sms';
import { checkTemplate } from '../templates';
import { CHANNELS } from './channels';
import { isEventKey, templateAudienceFor } from './events';
import type { RuleInput } from './rules';

/** What the admin page or the API sends to create or edit a rule. */
export const ruleInputSchema = z.object({
  id_shop: z.number().int().min(0).default(0),
  audience: z.enum(['admin', 'client'], { message: 'audience: expected admin or client' }),
  events: z
    .array(z.string().refine(isEventKey, { message: 'unknown event' }))
    .min(1, { message: 'choose at least one event' })
    .max(100),
  sender: z.string().trim().max(64).nullable().default(null),
  message: z.string().min(1, { message: 'the text is empty' }).max(2000, { message: 'the text is longer than 2000 characters' }),
  active: z.boolean().default(true),
  channels: z
    .array(z.enum(CHANNELS, { message: 'channels: expected sms or telegram' }))
    .min(1, { message: 'choose at least one channel' })
    .max(10)
    .optional(),
});

/**
 * Validates a rule at save time: the shape, the sender rules, and every variable of the text
 * against the variables its events provide (an order variable in an account-created rule is
 * refused here, never blanked at send time). Throws invalid_input listing each problem.
 */
export function parseRuleInput(body: unknown): RuleInput {
  const parsed = ruleInputSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'rule', message: i.message }));
    throw new ShopcastError('invalid_input', `invalid notification rule: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {}, issues);
  }
  const { channels, ...fields } = parsed.data;
  // Left out when not given, so the rule keeps the default (SMS) the store applies.
  const chosen = channels ? { channels: [...new Set(channels)] } : {};
  const rule: RuleInput = { ...fields, events: [...new Set(fields.events)], sender: fields.sender || null, ...chosen };
  const issues: Array<{ path: string; message: string }> = [];
  // Telegram reaches the shop's own staff chats; customers have no linked chat, only a mobile.
  if (rule.audience === 'client' && rule.channels?.includes('telegram')) issues.push({ path: 'channels', message: 'telegram is only for [Admin] rules' });
  if (rule.sender !== null) for (const e of validateSender(rule.sender)) issues.push({ path: 'sender', message: e.en });
  const audience = templateAudienceFor(rule.events);
  for (const issue of checkTemplate(rule.message, audience).issues) {
    const why = issue.reason === 'unknown' ? 'is not a known variable' : 'is not available for the chosen events';
    issues.push({ path: 'message', message: `{${issue.name}} ${why}${issue.suggestion ? ` (did you mean {${issue.suggestion}}?)` : ''}` });
  }
  if (issues.length > 0) {
    throw new ShopcastError('invalid_input', `invalid notification rule: ${issues.map((i) => i.message).join('; ')}`, { issues }, issues);
  }
  return rule;
}
