/**
 * One error family for the whole service. Cores throw a ShopcastError with a code and params,
 * never prose; the edges (HTTP, CLI) turn the code into a status and a FR/EN sentence.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_config'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'rate_limited'
  | 'provider_failed'
  | 'unavailable'
  | 'internal';

export type Lang = 'fr' | 'en';

/** A sentence in both languages of the product; `message` fields repeat the English one. */
export interface Localized {
  en: string;
  fr: string;
}

export interface ErrorIssue {
  path: string;
  message: string;
  messages?: Localized;
}

export class ShopcastError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly issues: ErrorIssue[];
  /** Both sentences when the thrower wrote them; edges pick the caller's language (messageIn). */
  readonly messages?: Localized;

  constructor(code: ErrorCode, message: string | Localized, params: Record<string, unknown> = {}, issues: ErrorIssue[] = []) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'ShopcastError';
    this.code = code;
    this.params = params;
    this.issues = issues;
    if (typeof message !== 'string') this.messages = message;
  }

  /** The message in `lang` when it was written in both languages, else the English one. */
  messageIn(lang: Lang): string {
    return this.messages?.[lang] ?? this.message;
  }
}

/** An issue's message in `lang`, falling back to the English one. */
export function issueMessage(issue: ErrorIssue, lang: Lang): string {
  return issue.messages?.[lang] ?? issue.message;
}

/** An issue with both sentences; `message` repeats the English one for callers that read only it. */
export function localizedIssue(path: string, messages: Localized): ErrorIssue {
  return { path, message: messages.en, messages };
}

/** The language of a command-line user: SHOPCAST_LANG, then LC_ALL / LC_MESSAGES / LANG; English by default. */
export function cliLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const asked = env.SHOPCAST_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return asked.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const httpStatus: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_config: 500,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  rate_limited: 429,
  provider_failed: 502,
  unavailable: 503,
  internal: 500,
};

const titles: Record<ErrorCode, Record<Lang, string>> = {
  invalid_input: { en: 'The request is not valid.', fr: "La requête n'est pas valide." },
  invalid_config: { en: 'The configuration is not valid.', fr: "La configuration n'est pas valide." },
  not_found: { en: 'Not found.', fr: 'Introuvable.' },
  conflict: { en: 'This action conflicts with the current state.', fr: "Cette action est incompatible avec l'état actuel." },
  unauthorized: { en: 'Authentication required.', fr: 'Authentification requise.' },
  rate_limited: { en: 'Too many requests; try again shortly.', fr: 'Trop de requêtes ; réessayez dans un instant.' },
  provider_failed: { en: 'The SMS provider refused or failed.', fr: "Le fournisseur SMS a refusé ou échoué." },
  unavailable: { en: 'The service is not ready.', fr: "Le service n'est pas prêt." },
  internal: { en: 'Something went wrong on our side.', fr: 'Une erreur interne est survenue.' },
};

export function statusOf(code: ErrorCode): number {
  return httpStatus[code];
}

export function titleOf(code: ErrorCode, lang: Lang): string {
  return titles[code][lang];
}

export function isShopcastError(err: unknown): err is ShopcastError {
  return err instanceof ShopcastError;
}
