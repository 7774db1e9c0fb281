export { signAdminToken, verifyAdminToken, signIngress, verifyIngress } from './tokens';
export type { AdminClaims } from './tokens';
export { currentSecret, ensureModuleSecret, moduleSecretSource, rotatingSecret, verifyWithSecret, ROTATION } from './secret';
export type { ModuleSecret, SecretSource } from './secret';
export { ensureSealKeys, readModuleSecret, sealFor, storeModuleSecret, SEALED } from './sealed-secret';
export type { SealKeys } from './sealed-secret';
export { requireAdmin, requireIngressSignature } from './middleware';
export { assertAllShops, assertShopAllowed, defaultShop, visibleShops } from './shops';
