export { signAdminToken, verifyAdminToken, signIngress, verifyIngress } from './tokens';
export type { AdminClaims } from './tokens';
export { ensureModuleSecret } from './secret';
export { requireAdmin, requireIngressSignature } from './middleware';
export { assertShopAllowed, defaultShop, visibleShops } from './shops';
