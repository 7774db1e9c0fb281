/**
 * What the suite's secret scan (secret-scan.ts, the mocha plugin) looks for and where: known
 * secrets, and the texts kept to be searched at the end. Until the plugin activates it, every
 * function here does nothing, so a bench that starts services through the test helpers pays
 * nothing for it.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

let active = false;
let teeFile: string | undefined;

/** Called by the plugin: from now on secrets and texts are kept; `logFile` is where loggers tee their lines. */
export function activateSecretScan(logFile: string): void {
  active = true;
  teeFile = logFile;
}

/** value -> what it is */
const secrets = new Map<string, string>();
/** answers and outputs, by where they came from; a Set, so the pages' script served 50 times is kept once */
const seen = new Map<string, Set<string>>();

const scannable = (value: string) => value.length >= 12 && new Set(value).size > 1;

/** Adds a secret to look for; placeholders too weak to find are ignored. */
export function registerSecret(label: string, value: string | null | undefined): void {
  if (active && value && scannable(value) && !secrets.has(value)) secrets.set(value, label);
}

/** Stops looking for a secret (the scan's own test plants one on purpose). */
export function forgetSecret(value: string): void {
  secrets.delete(value);
}

export function isRegistered(value: string): boolean {
  return secrets.has(value);
}

/** Keeps a text to search at the end. */
export function keepText(source: string, text: string): void {
  if (!active || !text) return;
  let texts = seen.get(source);
  if (!texts) seen.set(source, (texts = new Set()));
  texts.add(text);
}

/** Keeps a child process's stdout and stderr for the final scan. */
export function captureChildOutput(child: ChildProcess, label: string): void {
  if (!active) return;
  let text = '';
  child.stdout?.on('data', (d) => (text += String(d)));
  child.stderr?.on('data', (d) => (text += String(d)));
  child.once('close', () => keepText(`output of ${label}`, text));
}

/**
 * Registers the module secret a spawned service uses: SHOPCAST_MODULE_SECRET from its
 * environment, else the one it stored in its database (it made one on its first start).
 */
export async function registerServiceSecret(env: Record<string, string>): Promise<void> {
  if (!active) return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadConfig } = require('../../service/src/config') as typeof import('../../service/src/config');
  const { connectDatabase } = require('../../service/src/db') as typeof import('../../service/src/db');
  const { ensureSealKeys, readModuleSecret } = require('../../service/src/auth') as typeof import('../../service/src/auth');
  const { settingsKey } = require('../../service/src/settings/cipher') as typeof import('../../service/src/settings/cipher');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = loadConfig({ ...process.env, ...env });
  if (config.moduleSecret) return registerSecret('the module secret of a spawned service', config.moduleSecret);
  const db = connectDatabase(config.dbUrl, config.dbPrefix);
  try {
    const keys = await ensureSealKeys(db, settingsKey({ ...process.env, ...env }));
    registerSecret('the module secret of a spawned service', await readModuleSecret(db, keys));
    // One line of the private key's body is enough to catch it in a log, escaped or not.
    const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    registerSecret('the seal private key of a spawned service', pem.split('\n')[2]);
  } finally {
    await db.close();
  }
}

/** Where each known secret appears: `label in source: excerpt` with the secret itself masked. */
export function findLeaks(): string[] {
  const sources = new Map(seen);
  if (teeFile && fs.existsSync(teeFile)) sources.set('log lines', new Set([fs.readFileSync(teeFile, 'latin1')]));
  const found: string[] = [];
  for (const [secret, label] of secrets) {
    for (const [source, texts] of sources) {
      for (const text of texts) {
        const at = text.indexOf(secret);
        if (at < 0) continue;
        const excerpt = text.slice(Math.max(0, at - 80), at + secret.length + 80).split(secret).join(`«${label}»`);
        found.push(`${label} in ${source}: ${excerpt.replace(/\s+/g, ' ')}`);
        break;
      }
    }
  }
  return found;
}

