import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { ShopcastError } from '../errors';
import { decryptSetting, encryptSetting, settingsKey } from '../settings/cipher';

/**
 * The module secret at rest. The service and the PHP module each keep their own copy, encrypted
 * with a key that is not in the database:
 * - the module, in PrestaShop's Configuration, encrypted with the shop's _NEW_COOKIE_KEY_ (a file);
 * - the service, in the `module_secret` row, sealed (RSA-OAEP) for the service's key pair, whose
 *   private half is stored encrypted with SHOPCAST_SECRET_KEY like every secret setting.
 * Whoever makes a secret seals it with the public key in `module_seal_public_key`: the module on
 * install and rotation, the service on a first start with no secret it can open. So a dump of
 * the database, a backup or a read-only user reads no module secret at all.
 */
export const SEALED = {
  secret: 'module_secret',
  publicKey: 'module_seal_public_key',
  privateKey: 'module_seal_private_key',
  prefix: 'sealed:v1:',
};

export interface SealKeys {
  publicKey: string;
  privateKey: crypto.KeyObject;
}

/**
 * OAEP with SHA-1 is the one padding PHP's openssl_public_encrypt offers (OPENSSL_PKCS1_OAEP_PADDING);
 * it is sound for encryption (the SHA-1 collision attacks do not apply to OAEP).
 */
const OAEP = { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' };

export function sealFor(publicKey: string, secret: string): string {
  return SEALED.prefix + crypto.publicEncrypt({ key: publicKey, ...OAEP }, Buffer.from(secret, 'utf8')).toString('base64');
}

/** null when the value was sealed for another key pair (or is damaged). */
export function unseal(keys: SealKeys, sealed: string): string | null {
  try {
    return crypto.privateDecrypt({ key: keys.privateKey, ...OAEP }, Buffer.from(sealed.slice(SEALED.prefix.length), 'base64')).toString('utf8');
  } catch {
    return null;
  }
}

const generateKeyPair = promisify(crypto.generateKeyPair);

const settings = (db: ShopDb) => db.knex(db.ownTable('setting'));

async function rawSetting(db: ShopDb, name: string): Promise<string | null> {
  const row = await settings(db).where({ id_shop: 0, name }).first('value');
  return row?.value === undefined || row.value === null || row.value === '' ? null : String(row.value);
}

/** Two instances starting together may both insert: the first row stays, and both read it back. */
async function insertIfAbsent(db: ShopDb, name: string, value: string, secret: boolean): Promise<void> {
  await settings(db)
    .insert({ id_shop: 0, name, value, is_secret: secret ? 1 : 0, updated_at: toSqlDateTime(new Date()) })
    .onConflict(['id_shop', 'name'])
    .ignore();
}

/**
 * The service's key pair, made on first use. The public row is derived from the stored private
 * key, so it always matches the private key that won a concurrent first start.
 */
export async function ensureSealKeys(db: ShopDb, key: Buffer = settingsKey()): Promise<SealKeys> {
  let stored = await rawSetting(db, SEALED.privateKey);
  if (!stored) {
    // About 170 ms of CPU, once per database: off the event loop.
    const { privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await insertIfAbsent(db, SEALED.privateKey, encryptSetting(key, SEALED.privateKey, pem), true);
    stored = (await rawSetting(db, SEALED.privateKey))!;
  }
  const privateKey = crypto.createPrivateKey(openPrivateKey(key, stored));
  const publicKey = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  if ((await rawSetting(db, SEALED.publicKey)) !== publicKey) {
    await settings(db)
      .insert({ id_shop: 0, name: SEALED.publicKey, value: publicKey, is_secret: 0, updated_at: toSqlDateTime(new Date()) })
      .onConflict(['id_shop', 'name'])
      .merge(['value', 'is_secret', 'updated_at']);
  }
  return { publicKey, privateKey };
}

function openPrivateKey(key: Buffer, stored: string): string {
  try {
    return decryptSetting(key, SEALED.privateKey, stored);
  } catch {
    throw new ShopcastError(
      'invalid_config',
      `the key pair that opens the module secret cannot be decrypted: SHOPCAST_SECRET_KEY (or secret.key in the data directory) is not the key it was saved with. ` +
        `Restore that key, or delete the ${SEALED.privateKey} and ${SEALED.publicKey} rows of the settings table: the service then makes a new pair, and the module seals its secret for it on its next back-office page or refused wake call`,
      { setting: SEALED.privateKey },
    );
  }
}

/**
 * The stored module secret, opened; null when there is none or it was sealed for another pair.
 * A secret in plain text (stored by a version before sealing) is sealed in place on the way: the
 * value condition leaves a concurrent rotation alone.
 */
export async function readModuleSecret(db: ShopDb, keys: SealKeys): Promise<string | null> {
  const value = await rawSetting(db, SEALED.secret);
  if (!value) return null;
  if (value.startsWith(SEALED.prefix)) return unseal(keys, value);
  await settings(db).where({ id_shop: 0, name: SEALED.secret, value }).update({ value: sealFor(keys.publicKey, value), is_secret: 1 });
  return value;
}

/**
 * Stores a secret sealed for the service, as the module does on rotation. `replacing` makes it
 * conditional: only the row that still holds that value is replaced, so a secret the module
 * stored meanwhile wins (null: only when there is no row yet).
 */
export async function storeModuleSecret(db: ShopDb, keys: SealKeys, secret: string, replacing?: string | null): Promise<void> {
  const value = sealFor(keys.publicKey, secret);
  if (replacing === undefined) {
    await settings(db)
      .insert({ id_shop: 0, name: SEALED.secret, value, is_secret: 1, updated_at: toSqlDateTime(new Date()) })
      .onConflict(['id_shop', 'name'])
      .merge(['value', 'is_secret', 'updated_at']);
  } else if (replacing === null) {
    await insertIfAbsent(db, SEALED.secret, value, true);
  } else {
    await settings(db).where({ id_shop: 0, name: SEALED.secret, value: replacing }).update({ value, updated_at: toSqlDateTime(new Date()) });
  }
}

/**
 * The secret the service signs with when none was given in its environment: the stored one,
 * else a new one sealed in the row (first start, or a row sealed for a pair that was replaced;
 * the module then seals its own again when it sees the new public key).
 */
export async function ensureStoredModuleSecret(db: ShopDb, keys: SealKeys): Promise<string> {
  const existing = await readModuleSecret(db, keys);
  if (existing) return existing;
  const unreadable = await rawSetting(db, SEALED.secret);
  await storeModuleSecret(db, keys, crypto.randomBytes(32).toString('hex'), unreadable);
  const stored = await readModuleSecret(db, keys);
  if (!stored) throw new ShopcastError('invalid_config', 'the module secret could not be stored in the settings table');
  return stored;
}
