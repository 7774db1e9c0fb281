import type { Request } from 'express';
import { ShopcastError } from '../errors';

/**
 * Shop scoping of admin tokens: a token with shops [] acts on every shop; otherwise only on the
 * listed ones (and never on shop-wide settings, id_shop 0, which would reach the other shops).
 */
export function assertShopAllowed(req: Request, idShop: number): void {
  const shops = req.admin?.shops ?? [];
  if (shops.length === 0 || shops.includes(idShop)) return;
  throw new ShopcastError('unauthorized', `this token may not act on shop ${idShop}`, { id_shop: idShop });
}

/** The shop a new record belongs to when the request does not say: the token's only shop, else 0 (all). */
export function defaultShop(req: Request): number {
  const shops = req.admin?.shops ?? [];
  return shops.length === 1 ? shops[0] : 0;
}

/** The shops a listing may show: the token's, or [] for all. */
export function visibleShops(req: Request): number[] {
  return req.admin?.shops ?? [];
}
