import type { ErrorIssue, Localized } from '../errors';
import { localizedIssue, ShopcastError } from '../errors';

/**
 * Every sentence of campaigns a merchant can read, in English and French, by stable key. Errors
 * thrown to the HTTP API and the CLI carry both (the edge picks one); a campaign's stored reason
 * (why it paused, failed or was missed) is kept as a key and its params, and turned into both
 * sentences when read, so the page shows it in its own language.
 */
const catalogue = {
  // Reasons stored on a campaign (error_code)
  quiet_hours: { en: 'quiet hours: resumes automatically', fr: "hors des heures d'envoi autorisées : reprise automatique" },
  missed: {
    en: 'the service was down at the scheduled time; send, reschedule or cancel it',
    fr: "le service était arrêté à l'heure prévue ; envoyez, reprogrammez ou annulez la campagne",
  },
  insufficient_credit: {
    en: 'insufficient credit: the campaign costs about {cost} EUR and the account has {credit} EUR; nothing was sent',
    fr: "crédit insuffisant : la campagne coûte environ {cost} EUR et le compte dispose de {credit} EUR ; rien n'a été envoyé",
  },
  insufficient_credit_rest: {
    en: 'insufficient credit: the messages left cost about {cost} EUR and the account has {credit} EUR; top up, then resume',
    fr: 'crédit insuffisant : les messages restants coûtent environ {cost} EUR et le compte dispose de {credit} EUR ; rechargez, puis reprenez',
  },
  provider_unavailable: {
    en: 'paused after {failures} failed attempts: {reason}',
    fr: "mis en pause après {failures} tentatives échouées : le fournisseur n'a pris aucun message ({reason})",
  },
  credit_unavailable: {
    en: "paused: the provider's credit could not be read ({reason}); resume to try again",
    fr: 'mis en pause : le crédit du fournisseur est illisible ({reason}) ; reprenez pour réessayer',
  },
  // Errors
  not_found: { en: 'campaign {id} does not exist', fr: "la campagne {id} n'existe pas" },
  changed: { en: 'campaign {id} changed while this action was applied; try again', fr: 'la campagne {id} a changé pendant cette action ; réessayez' },
  transition: { en: 'a campaign that is {status} cannot {action}', fr: 'une campagne {status} ne peut pas {action}' },
  quiet_hours_now: {
    en: 'marketing SMS may not be sent now (quiet hours); the next allowed time is {next_local} ({zone})',
    fr: "les SMS marketing ne peuvent pas partir maintenant (heures d'envoi) ; prochain horaire autorisé : {next_local} ({zone})",
  },
  id: { en: 'expected a campaign id, got "{value}"', fr: 'un identifiant de campagne est attendu, reçu "{value}"' },
  format: { en: 'expected csv or json', fr: 'csv ou json est attendu' },
  at: {
    en: 'expected a date and time such as 2026-12-01T10:00 (shop time, {zone}) or with its offset, 2026-12-01T10:00:00+01:00',
    fr: "une date et une heure sont attendues, comme 2026-12-01T10:00 (heure de la boutique, {zone}) ou avec leur décalage, 2026-12-01T10:00:00+01:00",
  },
  at_gap: { en: '{at} does not exist in {zone} (the clocks go forward); choose another time', fr: "{at} n'existe pas en {zone} (changement d'heure) ; choisissez une autre heure" },
  at_past: { en: 'this time has passed', fr: 'cette heure est passée' },
  criteria_file: { en: 'cannot read {file}', fr: 'impossible de lire {file}' },
  criteria_json: { en: '{file} is not valid JSON', fr: "{file} n'est pas du JSON valide" },
  invalid_campaign: { en: 'invalid campaign: {details}', fr: 'campagne invalide : {details}' },
  invalid_request: { en: 'invalid request: {details}', fr: 'requête invalide : {details}' },
  shops_forbidden: { en: 'this token may only target shops {shops}', fr: 'ce jeton ne peut cibler que les boutiques {shops}' },
  invalid_setting: { en: 'the {setting} setting is not valid: {details}', fr: "le réglage {setting} n'est pas valide : {details}" },
  // Input issues
  name_required: { en: 'the campaign needs a name', fr: 'la campagne doit avoir un nom' },
  name_long: { en: 'at most 128 characters', fr: '128 caractères au plus' },
  action: { en: 'expected send or export', fr: 'send ou export est attendu' },
  text: { en: 'expected a text', fr: 'un texte est attendu' },
  message_long: { en: 'the text is longer than 2000 characters', fr: 'le texte dépasse 2000 caractères' },
  message_empty: { en: 'the text is empty', fr: 'le texte est vide' },
  sender_long: { en: 'at most 11 characters', fr: '11 caractères au plus' },
  variable_unknown: { en: '{{name}} is not a known variable', fr: "{{name}} n'est pas une variable connue" },
  variable_unavailable: { en: '{{name}} is not available in marketing messages', fr: "{{name}} n'est pas disponible dans les messages marketing" },
  too_long: {
    en: 'The message needs {parts} SMS; at most {maxParts} are sent ({maxLength} characters, STOP mention included). Shorten it.',
    fr: 'Le message demande {parts} SMS ; {maxParts} au plus sont envoyés ({maxLength} caractères, mention STOP comprise). Raccourcissez-le.',
  },
  ucs2: {
    en: 'Characters outside the GSM alphabet cannot be sent to {country}: {chars}. Replace or remove them.',
    fr: "Des caractères hors de l'alphabet GSM ne peuvent pas être envoyés vers {country} : {chars}. Remplacez-les ou supprimez-les.",
  },
  day: { en: 'expected a calendar date YYYY-MM-DD', fr: 'une date du calendrier AAAA-MM-JJ est attendue' },
  day_order: { en: 'from must not be after to', fr: 'from ne doit pas être après to' },
  page: { en: 'expected a page number from 1 to 100000', fr: 'un numéro de page de 1 à 100000 est attendu' },
  per_page: { en: 'expected 1 to 500 rows per page', fr: '1 à 500 lignes par page sont attendues' },
  id_filter: { en: 'expected a campaign id (a whole number from 1)', fr: 'un identifiant de campagne est attendu (un entier à partir de 1)' },
  quantity: { en: 'expected a whole number of recipients from 0', fr: 'un nombre entier de destinataires à partir de 0 est attendu' },
  amount: { en: 'expected an amount in euros such as 12.50 (at most 4 decimals)', fr: 'un montant en euros comme 12.50 est attendu (4 décimales au plus)' },
  range_order: { en: 'the minimum must not exceed the maximum', fr: 'le minimum ne doit pas dépasser le maximum' },
  one_of: { en: 'expected one of {allowed}', fr: "l'une de ces valeurs est attendue : {allowed}" },
  label_long: { en: 'at most 128 characters', fr: '128 caractères au plus' },
  invalid_value: { en: 'invalid value', fr: 'valeur invalide' },
} satisfies Record<string, Localized>;

export type MessageKey = keyof typeof catalogue;
export type MessageParams = Record<string, string | number>;

function fill(template: string, params: MessageParams): string {
  // `{{name}}` is a literal brace around a value (a template variable's name), `{name}` a value.
  return template.replace(/\{\{(\w+)\}\}|\{(\w+)\}/g, (whole, braced: string | undefined, plain: string | undefined) => {
    const name = (braced ?? plain)!;
    if (!(name in params)) return whole;
    return braced ? `{${params[name]}}` : String(params[name]);
  });
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogue, value);
}

/** Both sentences of `key` with its params filled in. */
export function say(key: MessageKey, params: MessageParams = {}): Localized {
  return { en: fill(catalogue[key].en, params), fr: fill(catalogue[key].fr, params) };
}

export function issue(path: string, key: MessageKey, params: MessageParams = {}): ErrorIssue {
  return localizedIssue(path, say(key, params));
}

/**
 * Issues from a zod error whose messages are catalogue keys (the campaign schemas write them so);
 * `allowed` fills {allowed} of `one_of` per field.
 */
export function zodIssues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }, fallbackPath: string, allowed: Record<string, readonly string[]> = {}): ErrorIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.') || fallbackPath;
    const key = isMessageKey(i.message) ? i.message : 'invalid_value';
    return issue(path, key, { allowed: (allowed[path] ?? []).join(', ') });
  });
}

/** invalid_input whose sentence lists every issue, in both languages. */
export function invalidInput(issues: ErrorIssue[], summary: 'invalid_campaign' | 'invalid_request' = 'invalid_request'): ShopcastError {
  const join = (lang: 'en' | 'fr') => issues.map((i) => `${i.path}: ${i.messages?.[lang] ?? i.message}`).join('; ');
  return new ShopcastError('invalid_input', { en: say(summary, { details: join('en') }).en, fr: say(summary, { details: join('fr') }).fr }, {}, issues);
}

/** A stored reason as the API shows it: the key, its params and both sentences. */
export interface CampaignReason {
  code: MessageKey;
  params: MessageParams;
  messages: Localized;
}

export function reason(code: MessageKey, params: MessageParams = {}): CampaignReason {
  return { code, params, messages: say(code, params) };
}

/** The columns that store a reason: the stable key, its params, and the English sentence for older readers. */
export function reasonColumns(r: CampaignReason | null): { error: string | null; error_code: string | null; error_params: string | null } {
  if (!r) return { error: null, error_code: null, error_params: null };
  return { error: r.messages.en, error_code: r.code, error_params: JSON.stringify(r.params) };
}

/** Reads the stored reason back; a row written before reasons had codes has none. */
export function readReason(code: unknown, params: unknown): CampaignReason | null {
  if (typeof code !== 'string' || !isMessageKey(code)) return null;
  let parsed: MessageParams = {};
  try {
    parsed = typeof params === 'string' ? (JSON.parse(params) as MessageParams) : {};
  } catch {
    parsed = {};
  }
  return reason(code, parsed);
}

const STATUS_WORDS: Record<string, Localized> = {
  draft: { en: 'a draft', fr: 'en brouillon' },
  scheduled: { en: 'scheduled', fr: 'programmée' },
  sending: { en: 'sending', fr: "en cours d'envoi" },
  paused: { en: 'paused', fr: 'en pause' },
  sent: { en: 'sent', fr: 'envoyée' },
  partially_sent: { en: 'partially sent', fr: 'partiellement envoyée' },
  failed: { en: 'failed', fr: 'en échec' },
  cancelled: { en: 'cancelled', fr: 'annulée' },
  missed: { en: 'missed', fr: 'manquée' },
};

const ACTION_WORDS: Record<string, Localized> = {
  schedule: { en: 'be scheduled', fr: 'être programmée' },
  unschedule: { en: 'be unscheduled', fr: 'être déprogrammée' },
  start: { en: 'be sent', fr: 'être envoyée' },
  pause: { en: 'be paused', fr: 'être mise en pause' },
  resume: { en: 'resume', fr: 'reprendre' },
  cancel: { en: 'be cancelled', fr: 'être annulée' },
  miss: { en: 'be marked missed', fr: 'être marquée manquée' },
  finish_sent: { en: 'finish', fr: 'se terminer' },
  finish_partial: { en: 'finish', fr: 'se terminer' },
  finish_failed: { en: 'finish', fr: 'se terminer' },
};

/** "a campaign that is sent cannot be paused", with the status and action in each language. */
export function transitionMessage(status: string, action: string): Localized {
  const words = (lang: 'en' | 'fr') => ({ status: STATUS_WORDS[status]?.[lang] ?? status, action: ACTION_WORDS[action]?.[lang] ?? action });
  return { en: fill(catalogue.transition.en, words('en')), fr: fill(catalogue.transition.fr, words('fr')) };
}
