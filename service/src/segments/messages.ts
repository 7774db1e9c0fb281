import { ErrorIssue, ShopcastError } from '../errors';

/**
 * The FR/EN catalogue of segment validation messages. Every issue of an invalid segment carries
 * its stable `key` and `params` (for an edge that translates by itself) and both sentences,
 * `messages: { en, fr }`, already prefixed with the criterion they concern ("criterion 2 (age): ..."
 * / "critère 2 (age) : ..."); `message` repeats the English one, as every ErrorIssue has.
 */
const catalogue = {
  segment_object: { en: 'expected an object {"shops": [...], "criteria": [...]}', fr: 'un objet {"shops": [...], "criteria": [...]} est attendu' },
  unknown_keys: { en: 'unknown key(s) {keys}', fr: 'clé(s) inconnue(s) {keys}' },
  shops: { en: 'shops must list from 1 to 100 shop ids (whole numbers from 1)', fr: 'shops doit lister de 1 à 100 identifiants de boutique (entiers à partir de 1)' },
  shop_unknown: { en: 'shop {id} does not exist', fr: "la boutique {id} n'existe pas" },
  shop_forbidden: { en: 'your access does not cover shop {id}', fr: 'votre accès ne couvre pas la boutique {id}' },
  criteria: { en: 'criteria must be a list of at most 50 criteria', fr: 'criteria doit être une liste de 50 critères au plus' },
  criterion_object: { en: 'expected an object with a "field"', fr: 'un objet avec un "field" est attendu' },
  field_unknown: { en: 'unknown field {field}; expected one of {allowed}', fr: 'champ {field} inconnu ; valeurs possibles : {allowed}' },
  field_missing: { en: 'missing field; expected one of {allowed}', fr: 'champ manquant ; valeurs possibles : {allowed}' },
  boolean_value: { en: 'value must be true or false', fr: 'value doit valoir true ou false' },
  op: { en: 'op must be one of {allowed}', fr: "op doit être l'un de {allowed}" },
  age: { en: '{name} must be a whole number of years from 0 to 150', fr: "{name} doit être un nombre entier d'années de 0 à 150" },
  age_order: { en: 'min must not exceed max', fr: 'min ne doit pas dépasser max' },
  gender_value: { en: 'value must be male, female or any', fr: 'value doit valoir male, female ou any' },
  group_ids: { en: 'in must list from 1 to 500 group ids (whole numbers from 1)', fr: 'in doit lister de 1 à 500 identifiants de groupe (entiers à partir de 1)' },
  group_unknown: { en: 'group {id} does not exist', fr: "le groupe {id} n'existe pas" },
  country_codes: { en: 'in must list from 1 to 300 ISO country codes such as FR or BE', fr: 'in doit lister de 1 à 300 codes pays ISO comme FR ou BE' },
  date: { en: '{name} must be a calendar date YYYY-MM-DD', fr: '{name} doit être une date du calendrier AAAA-MM-JJ' },
  date_order: { en: 'from must not be after to', fr: 'from ne doit pas être après to' },
  months: { en: '{name} must be a whole number of months from 1 to 240', fr: '{name} doit être un nombre entier de mois de 1 à 240' },
  count_value: { en: 'value must be a whole number of orders from 0 to 1000000', fr: 'value doit être un nombre entier de commandes de 0 à 1000000' },
  amount_value: {
    en: 'value must be an amount from 0 to 1000000000000 with at most 6 decimals',
    fr: 'value doit être un montant de 0 à 1000000000000 avec 6 décimales au plus',
  },
  at: { en: '{name} must be an ISO-8601 instant with its offset, such as 2025-06-15T10:00:00+02:00', fr: '{name} doit être un instant ISO-8601 avec son décalage, comme 2025-06-15T10:00:00+02:00' },
  body: { en: 'expected {"segment": {...}, "at": "ISO-8601 instant" (optional)}', fr: 'un objet {"segment": {...}, "at": "instant ISO-8601" (facultatif)} est attendu' },
  customer_type_value: { en: 'value must be business or individual', fr: 'value doit valoir business ou individual' },
} satisfies Record<string, { en: string; fr: string }>;

export type IssueKey = keyof typeof catalogue;
export type IssueParams = Record<string, string | number>;

export interface SegmentIssue extends ErrorIssue {
  key: IssueKey;
  params: IssueParams;
  messages: { en: string; fr: string };
}

/** Which criterion an issue concerns, for the message prefix. */
export interface CriterionRef {
  index: number;
  field?: string;
}

export function isIssueKey(value: string): value is IssueKey {
  return Object.prototype.hasOwnProperty.call(catalogue, value);
}

function fill(template: string, params: IssueParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function prefixes(ref?: CriterionRef): { en: string; fr: string } {
  if (!ref) return { en: '', fr: '' };
  const field = ref.field ? ` (${ref.field})` : '';
  return { en: `criterion ${ref.index + 1}${field}: `, fr: `critère ${ref.index + 1}${field} : ` };
}

export function segmentIssue(path: string, key: IssueKey, params: IssueParams = {}, ref?: CriterionRef): SegmentIssue {
  const prefix = prefixes(ref);
  const en = prefix.en + fill(catalogue[key].en, params);
  const fr = prefix.fr + fill(catalogue[key].fr, params);
  return { path, key, params, message: en, messages: { en, fr } };
}

/** The error every segment entry point throws for bad input: invalid_input with one issue per problem. */
export function invalidSegment(issues: SegmentIssue[]): ShopcastError {
  const message = {
    en: `invalid segment: ${issues.map((i) => i.messages.en).join('; ')}`,
    fr: `segment invalide : ${issues.map((i) => i.messages.fr).join(' ; ')}`,
  };
  return new ShopcastError('invalid_input', message, { issues: issues.length }, issues);
}
