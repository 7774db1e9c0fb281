import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, parseKey } from '../config';
import { ShopcastError } from '../errors';

/**
 * Secret settings (provider keys, the Telegram bot token, its webhook secret) are stored
 * encrypted with AES-256-GCM: a copy of the settings table (backup, SQL dump, read-only
 * database user) does not hand out the credentials. The module secret is stored through its own
 * path instead: the PHP module writes it too, so it is sealed with the service's public key,
 * which PHP can use (auth/sealed-secret.ts); this store leaves its row as it is.
 */
export const SEALED_SECRETS: ReadonlySet<string> = new Set(['module_secret']);

const PREFIX = 'enc:v1:';
const KEY_FILE = 'secret.key';

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The setting's name is the additional data, so a ciphertext copied to another setting fails to open. */
export function encryptSetting(key: Buffer, name: string, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function decryptSetting(key: Buffer, name: string, stored: string): string {
  const [iv, tag, body] = stored.slice(PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new ShopcastError(
      'invalid_config',
      `the setting ${name} cannot be decrypted: SHOPCAST_SECRET_KEY (or ${KEY_FILE} in the data directory) is not the key it was saved with; save it again`,
      { setting: name },
    );
  }
}

/**
 * The key from a data directory, created on first use (mode 0600, so only the service's user
 * reads it). Two processes starting together both end up with the file that won the creation.
 */
export function keyFromDataDir(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = parseKey(fs.readFileSync(file, 'utf8'));
  if (!key) throw new ShopcastError('invalid_config', `${file}: expected 32 bytes as 64 hex digits or base64`);
  return key;
}

const cache = new Map<string, Buffer>();

/**
 * The settings key for the current environment: SHOPCAST_SECRET_KEY when set, else the key
 * file in SHOPCAST_DATA_DIR. Read where it is needed, so every command and the service agree
 * without threading it through each caller; cached per source.
 */
export function settingsKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const config = loadConfig(env);
  const source = config.secretKey ?? `file:${config.dataDir}`;
  let key = cache.get(source);
  if (!key) {
    key = config.secretKey ? parseKey(config.secretKey)! : keyFromDataDir(config.dataDir);
    cache.set(source, key);
  }
  return key;
}
