/**
 * A mocha root hook plugin (loaded by .mocharc.json) that keeps, for the whole suite, what could
 * leak a secret, and fails at the very end if a known secret appears in any of it:
 * - every log line of every logger, at every level: SHOPCAST_LOG_TEE, set here before anything
 *   loads service/src/logging, makes each logger (and each spawned service or CLI, which inherit
 *   the variable) also append its lines to one file;
 * - every HTTP answer an express app of this process sends (the fakes, plain http servers, are
 *   the vendors' side and are left out);
 * - the stdout and stderr of services started by test/helpers/spawn-service.ts.
 * Known secrets: the fake iSendPro keyid, the fake bot token, SHOPCAST_SECRET_KEY, every HMAC key
 * this process signs or verifies with (that is, every module secret a test makes, fixed or
 * random), and the module secret each spawned service stored. Single-character placeholders
 * ('m'.repeat(64)) are not scanned: junk inputs are made of such runs too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { activateSecretScan, findLeaks, keepText, registerSecret } from './secret-registry';

const teeFile = path.join(os.tmpdir(), `shopcast-log-tee-${process.pid}-${crypto.randomBytes(4).toString('hex')}.jsonl`);
process.env.SHOPCAST_LOG_TEE ??= teeFile;
activateSecretScan(process.env.SHOPCAST_LOG_TEE);

/** Every module secret signs with crypto.createHmac, so its first use registers it. */
const createHmac = crypto.createHmac;
crypto.createHmac = function (algorithm: string, key: crypto.BinaryLike | crypto.KeyObject, options?: unknown) {
  if (typeof key === 'string') registerSecret('an HMAC key (module secret)', key);
  return createHmac.call(crypto, algorithm, key, options as never);
} as typeof crypto.createHmac;

// HTTP answers of express apps: their chunks, joined when the answer ends (a secret may straddle
// two writes) or when the connection closes first (a progress stream the client left).
const parts = new WeakMap<http.ServerResponse, string[]>();
const { write, end } = http.ServerResponse.prototype;
const chunkText = (chunk: unknown) => (typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('latin1') : '');
const isExpress = (res: http.ServerResponse) => typeof (res as { app?: unknown }).app === 'function';

function partsOf(res: http.ServerResponse): string[] {
  let list = parts.get(res);
  if (!list) {
    parts.set(res, (list = []));
    res.once('close', () => flush(res));
  }
  return list;
}

function flush(res: http.ServerResponse): void {
  const list = parts.get(res);
  if (!list) return;
  parts.delete(res);
  const headers = Object.entries(res.getHeaders()).map(([k, v]) => `${k}: ${String(v)}`).join('\n');
  keepText('HTTP answers', `${res.statusCode} ${headers}\n${list.join('')}`);
}

http.ServerResponse.prototype.write = function (this: http.ServerResponse, chunk: unknown, ...rest: unknown[]) {
  if (isExpress(this)) partsOf(this).push(chunkText(chunk));
  return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
} as typeof write;
http.ServerResponse.prototype.end = function (this: http.ServerResponse, chunk?: unknown, ...rest: unknown[]) {
  if (isExpress(this)) {
    partsOf(this).push(chunkText(chunk));
    flush(this);
  }
  return (end as (...args: unknown[]) => http.ServerResponse).call(this, chunk, ...rest);
} as typeof end;

/** The secrets of the fakes and of the environment, known before any test runs. */
function registerKnownSecrets(): void {
  // Required here, not imported: the fakes load service code, which must see SHOPCAST_LOG_TEE first.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  registerSecret('the fake iSendPro keyid', require('../fakes/isendpro').FAKE_KEYID);
  // The part after ':' is the secret; the bot id before it is public.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  registerSecret('the fake Telegram bot token', String(require('../fakes/telegram').FAKE_TOKEN).split(':')[1]);
  registerSecret('SHOPCAST_SECRET_KEY', process.env.SHOPCAST_SECRET_KEY);
}

export const mochaHooks = {
  beforeAll(): void {
    registerKnownSecrets();
  },
  afterAll(): void {
    const leaks = findLeaks();
    if (process.env.SHOPCAST_LOG_TEE === teeFile) fs.rmSync(teeFile, { force: true });
    if (leaks.length > 0) throw new Error(`secrets leaked during the suite:\n${leaks.join('\n')}`);
  },
};
