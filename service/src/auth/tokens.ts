import crypto from 'node:crypto';

/**
 * Two kinds of proof, both HMAC-SHA256 with the module secret:
 * - admin tokens, minted by the PrestaShop module for a logged-in employee (or printed by
 *   `shopcast serve` in demo mode) and sent as `Authorization: Bearer ...` by the admin pages;
 * - ingress signatures on calls from the module (`X-Shopcast-Signature: t=<unix>,s=<hex>` over
 *   `<t>.<raw body>`), which bind the body and a time, so a captured call cannot be replayed later.
 */
export interface AdminClaims {
  /** shops the bearer may act on; empty = all */
  shops: number[];
  /** PrestaShop employee id, 0 for the demo/CLI operator */
  employee: number;
  /** expiry, unix seconds */
  exp: number;
  /** the employee's back-office language, signed by the module; absent in CLI and demo tokens */
  lang?: 'fr' | 'en';
}

const INGRESS_WINDOW_SECONDS = 300;

function hmac(secret: string, data: string): Buffer {
  return crypto.createHmac('sha256', secret).update(data).digest();
}

export function signAdminToken(secret: string, claims: AdminClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `v1.${body}.${hmac(secret, `v1.${body}`).toString('base64url')}`;
}

/** The claims of a valid, unexpired token; null for anything else. */
export function verifyAdminToken(secret: string, token: string, now = Date.now()): AdminClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  const expected = hmac(secret, `v1.${parts[1]}`);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return readClaims(raw, now);
}

/**
 * Signed claims are still checked field by field: a module bug must not become a token whose
 * shops are strings or whose language is arbitrary text. Only known claims are kept.
 */
function readClaims(raw: Record<string, unknown>, now: number): AdminClaims | null {
  if (raw === null || typeof raw !== 'object') return null;
  const { shops, employee, exp, lang } = raw;
  if (typeof exp !== 'number' || exp * 1000 <= now) return null;
  if (!Array.isArray(shops) || !shops.every((s) => Number.isInteger(s) && s > 0)) return null;
  if (typeof employee !== 'number' || !Number.isInteger(employee) || employee < 0) return null;
  if (lang !== undefined && lang !== 'fr' && lang !== 'en') return null;
  const claims: AdminClaims = { shops: shops as number[], employee, exp };
  if (lang !== undefined) claims.lang = lang;
  return claims;
}

export function signIngress(secret: string, rawBody: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},s=${hmac(secret, `${t}.${rawBody}`).toString('hex')}`;
}

export function verifyIngress(secret: string, header: string | undefined, rawBody: string, now = Date.now()): boolean {
  const match = /^t=(\d+),s=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(now / 1000 - t) > INGRESS_WINDOW_SECONDS) return false;
  const expected = hmac(secret, `${t}.${rawBody}`);
  return crypto.timingSafeEqual(Buffer.from(match[2], 'hex'), expected);
}
