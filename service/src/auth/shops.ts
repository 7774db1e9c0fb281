import type { Request } from 'express';
import { ShopcastError } from '../errors';

/**
 * Shop scoping of admin tokens: a token with shops [] acts on every shop; otherwise only on the
 * listed ones (and never on shop-wide settings, id_shop 0, which would reach the other shops).
 */
export function assertShopAllowed(req: Request, idShop: number): void {
  const shops = req.admin?.shops ?? [];
  if (shops.length === 0 || shops.includes(idShop)) return;
  if (idShop === 0) assertAllShops(req);
  throw new ShopcastError(
    'unauthorized',
    { en: `this token may not act on shop ${idShop}`, fr: `ce jeton ne peut pas agir sur la boutique ${idShop}` },
    { id_shop: idShop },
  );
}

/**
 * Shared things (id_shop 0 settings: the provider keyid, the Telegram bot token, the batch
 * size...) reach every shop, so only a token covering every shop may change them. A multistore
 * employee working in one shop's context gets a token for that shop only.
 */
export function assertAllShops(req: Request): void {
  // Fails closed: without claims (a route that forgot requireAdmin) nothing shared changes.
  if (req.admin && req.admin.shops.length === 0) return;
  throw new ShopcastError(
    'unauthorized',
    {
      en: 'this token covers only some shops; shared settings need a token for every shop (choose "All shops" in the back office)',
      fr: 'ce jeton ne couvre que certaines boutiques ; les réglages communs demandent un jeton pour toutes les boutiques (choisissez « Toutes les boutiques » dans le back-office)',
    },
    { shops: req.admin?.shops ?? [] },
  );
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
