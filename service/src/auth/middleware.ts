import type { NextFunction, Request, Response } from 'express';
import { ShopcastError } from '../errors';
import { AdminClaims, verifyAdminToken, verifyIngress } from './tokens';

declare module 'express-serve-static-core' {
  interface Request {
    admin?: AdminClaims;
    rawBody?: string;
  }
}

/** Admin endpoints: a valid bearer token minted with the module secret, or 401. */
export function requireAdmin(secret: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const claims = token ? verifyAdminToken(secret, token) : null;
    if (!claims) return next(new ShopcastError('unauthorized', 'missing or invalid admin token'));
    req.admin = claims;
    next();
  };
}

/** Module ingress endpoints: an X-Shopcast-Signature over the raw body, or 401. */
export function requireIngressSignature(secret: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!verifyIngress(secret, req.get('x-shopcast-signature'), req.rawBody ?? '')) {
      return next(new ShopcastError('unauthorized', 'missing or invalid module signature'));
    }
    next();
  };
}
