import { z } from 'zod';
import { ErrorIssue, Localized, localizedIssue, ShopcastError } from '../errors';
import { validateSender } from '../sms';
import { checkTemplate } from '../templates';
import { CHANNELS } from './channels';
import { isEventKey, templateAudienceFor } from './events';
import type { RuleInput } from './rules';

/** The schema's own sentences, with their French: the key is what zod reports. */
const SCHEMA_WORDS: Record<string, Localized> = {
  'audience: expected admin or client': { en: 'audience: expected admin or client', fr: 'audience : admin ou client attendu' },
  'unknown event': { en: 'unknown event', fr: 'événement inconnu' },
  'choose at least one event': { en: 'choose at least one event', fr: 'choisissez au moins un événement' },
  'the text is empty': { en: 'the text is empty', fr: 'le texte est vide' },
  'the text is longer than 2000 characters': { en: 'the text is longer than 2000 characters', fr: 'le texte dépasse 2000 caractères' },
  'channels: expected sms or telegram': { en: 'channels: expected sms or telegram', fr: 'channels : sms ou telegram attendu' },
  'choose at least one channel': { en: 'choose at least one channel', fr: 'choisissez au moins un canal' },
};

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
 * refused here, never blanked at send time). Throws invalid_input listing each problem, in FR
 * and EN, each under the field it is about.
 */
export function parseRuleInput(body: unknown): RuleInput {
  const checked = checkRuleInput(body, '');
  if ('issues' in checked) throw invalidRules(checked.issues);
  return checked.rule;
}

/**
 * Several rules saved together (the page's [Admin] and [Client] halves of one form): every one
 * is checked before any is saved; issue paths name the rule (`rules[1].message`).
 */
export function parseRuleInputs(bodies: unknown): RuleInput[] {
  if (!Array.isArray(bodies) || bodies.length === 0 || bodies.length > 10) {
    throw invalidRules([localizedIssue('rules', { en: 'rules: expected 1 to 10 rules', fr: 'rules : 1 à 10 règles attendues' })]);
  }
  const checked = bodies.map((body, i) => checkRuleInput(body, `rules[${i}].`));
  const issues = checked.flatMap((c) => ('issues' in c ? c.issues : []));
  if (issues.length > 0) throw invalidRules(issues);
  return checked.map((c) => (c as { rule: RuleInput }).rule);
}

function invalidRules(issues: ErrorIssue[]): ShopcastError {
  const list = (lang: 'en' | 'fr') => issues.map((i) => `${i.path}${lang === 'fr' ? ' : ' : ': '}${i.messages?.[lang] ?? i.message}`).join(lang === 'fr' ? ' ; ' : '; ');
  return new ShopcastError('invalid_input', { en: `invalid notification rule: ${list('en')}`, fr: `règle de notification invalide : ${list('fr')}` }, { issues }, issues);
}

function checkRuleInput(body: unknown, prefix: string): { rule: RuleInput } | { issues: ErrorIssue[] } {
  const parsed = ruleInputSchema.safeParse(body);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => {
        const path = i.path.join('.') || 'rule';
        return localizedIssue(`${prefix}${path}`, SCHEMA_WORDS[i.message] ?? { en: `${path}: ${i.message}`, fr: `${path} : valeur refusée (${i.message})` });
      }),
    };
  }
  const { channels, ...fields } = parsed.data;
  // Left out when not given, so the rule keeps the default (SMS) the store applies.
  const chosen = channels ? { channels: [...new Set(channels)] } : {};
  const rule: RuleInput = { ...fields, events: [...new Set(fields.events)], sender: fields.sender || null, ...chosen };
  const issues: ErrorIssue[] = [];
  // Telegram reaches the shop's own staff chats; customers have no linked chat, only a mobile.
  if (rule.audience === 'client' && rule.channels?.includes('telegram')) {
    issues.push(localizedIssue(`${prefix}channels`, { en: 'telegram is only for [Admin] rules', fr: 'telegram est réservé aux notifications [Admin]' }));
  }
  if (rule.sender !== null) for (const e of validateSender(rule.sender)) issues.push(localizedIssue(`${prefix}sender`, { en: e.en, fr: e.fr }));
  for (const issue of checkTemplate(rule.message, templateAudienceFor(rule.events)).issues) {
    const name = `{${issue.name}}`;
    const hint = issue.suggestion ? { en: ` (did you mean {${issue.suggestion}}?)`, fr: ` (vouliez-vous dire {${issue.suggestion}} ?)` } : { en: '', fr: '' };
    const words = issue.reason === 'unknown'
      ? { en: `${name} is not a known variable${hint.en}`, fr: `${name} n'est pas une variable connue${hint.fr}` }
      : { en: `${name} is not available for the chosen events`, fr: `${name} n'est pas disponible pour les événements choisis` };
    issues.push(localizedIssue(`${prefix}message`, words));
  }
  return issues.length > 0 ? { issues } : { rule };
}
