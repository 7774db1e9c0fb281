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

export interface ErrorIssue {
  path: string;
  message: string;
}

export class ShopcastError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly issues: ErrorIssue[];

  constructor(code: ErrorCode, message: string, params: Record<string, unknown> = {}, issues: ErrorIssue[] = []) {
    super(message);
    this.name = 'ShopcastError';
    this.code = code;
    this.params = params;
    this.issues = issues;
  }
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
