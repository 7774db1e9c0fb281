import type { NextFunction, Request, Response } from 'express';
import { ShopcastError } from '../errors';
import { ModuleSecret, verifyWithSecret } from './secret';
import { AdminClaims, verifyAdminToken, verifyIngress } from './tokens';

declare module 'express-serve-static-core' {
  interface Request {
    admin?: AdminClaims;
    rawBody?: string;
  }
}

/** Admin endpoints: a valid bearer token minted with the module secret, or 401. */
export function requireAdmin(secret: ModuleSecret) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) return next(refused('missing or invalid admin token', "jeton d'administration absent ou invalide"));
    verifyWithSecret(secret, (s) => verifyAdminToken(s, token)).then((claims) => {
      if (!claims) return next(refused('missing or invalid admin token', "jeton d'administration absent ou invalide"));
      req.admin = claims;
      next();
    }, next);
  };
}

/** Module ingress endpoints: an X-Shopcast-Signature over the raw body, or 401. */
export function requireIngressSignature(secret: ModuleSecret) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.get('x-shopcast-signature');
    if (!header) return next(refused('missing or invalid module signature', 'signature du module absente ou invalide'));
    verifyWithSecret(secret, (s) => (verifyIngress(s, header, req.rawBody ?? '') ? true : null)).then((ok) => {
      if (!ok) return next(refused('missing or invalid module signature', 'signature du module absente ou invalide'));
      next();
    }, next);
  };
}

function refused(en: string, fr: string): ShopcastError {
  return new ShopcastError('unauthorized', { en, fr });
}
