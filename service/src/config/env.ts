import path from 'node:path';
import { z } from 'zod';
import { ShopcastError } from '../errors';

/**
 * Every environment variable the service reads, with its default and meaning. The README's
 * configuration table is written from this list; keep the two in step.
 */
export const envDocs: Array<{ name: string; default: string; meaning: string }> = [
  { name: 'SHOPCAST_DB_URL', default: 'sqlite:<data dir>/demo-shop.sqlite', meaning: 'Shop database: mysql://user:pass@host:port/db or sqlite:path' },
  { name: 'SHOPCAST_DB_PREFIX', default: 'ps_', meaning: "PrestaShop's table prefix (_DB_PREFIX_); Shopcast's tables use it too" },
  { name: 'SHOPCAST_DATA_DIR', default: './data', meaning: 'Where the demo SQLite file lives' },
  { name: 'SHOPCAST_HOST', default: '127.0.0.1', meaning: 'Address the HTTP server listens on' },
  { name: 'SHOPCAST_PORT', default: '8080', meaning: 'HTTP port' },
  { name: 'SHOPCAST_PROVIDER', default: 'sandbox', meaning: 'sandbox (records, sends nothing) or isendpro' },
  { name: 'SHOPCAST_MODULE_SECRET', default: '(the module\'s, sealed in the settings table)', meaning: 'Shared secret of the PrestaShop module; when absent, the one the module sealed for the service (or one the service generates and seals)' },
  { name: 'SHOPCAST_ISENDPRO_URL', default: 'https://apirest.isendpro.com/cgi-bin', meaning: 'iSendPro API base URL' },
  { name: 'SHOPCAST_ISENDPRO_KEYID', default: '(none)', meaning: 'iSendPro keyid; overrides the one stored in settings' },
  { name: 'SHOPCAST_ISENDPRO_SANDBOX', default: '0', meaning: "1: every iSendPro call carries sandbox=1, the provider's test mode (not routed, not charged)" },
  { name: 'SHOPCAST_CAMPAIGN_LEASE_SECONDS', default: '60', meaning: 'How long a campaign run is held by an instance without news before another instance takes it over (5-3600)' },
  { name: 'SHOPCAST_CAMPAIGN_MISSED_GRACE_MINUTES', default: '30', meaning: 'How late a scheduled campaign may still start when the service was down at its time; later, it is marked missed and waits for the merchant (1-10080)' },
  { name: 'SHOPCAST_SECRET_KEY', default: '(generated into <data dir>/secret.key)', meaning: 'Key that encrypts provider keys and the Telegram bot token in the settings table (AES-256-GCM): 32 bytes as 64 hex digits or base64' },
  { name: 'SHOPCAST_FRAME_ANCESTORS', default: '*', meaning: "Who may show the admin pages in a frame (CSP frame-ancestors): space-separated origins such as https://shop.example, 'self' or *; set it to the shop back office's origin" },
  { name: 'SHOPCAST_RATE_LIMIT', default: '120', meaning: 'Per client address and minute: module and webhook calls, and refused admin authentications, before 429 (10-100000)' },
  { name: 'SHOPCAST_LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug or trace' },
];

const dbUrl = z
  .string()
  .refine((v) => /^mysql:\/\/[^/]+\/[A-Za-z0-9_$-]+/.test(v) || /^sqlite:.+/.test(v), {
    message: 'expected mysql://user:pass@host:port/database or sqlite:path',
  });

/** 32 bytes given as 64 hex digits or as base64 (standard or URL-safe); null when the text is neither. */
export function parseKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return null;
  const b = Buffer.from(t, /[-_]/.test(t) ? 'base64url' : 'base64');
  return b.length === 32 ? b : null;
}

const schema = z.object({
  SHOPCAST_DATA_DIR: z.string().min(1).default('./data'),
  SHOPCAST_DB_URL: dbUrl.optional(),
  SHOPCAST_DB_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]{0,30}$/, { message: 'expected letters, digits and underscores only (at most 30)' })
    .default('ps_'),
  SHOPCAST_HOST: z.string().min(1).default('127.0.0.1'),
  SHOPCAST_PORT: z.coerce
    .number({ message: 'expected a port number' })
    .int({ message: 'expected a whole port number' })
    .min(0, { message: 'expected a port between 0 and 65535' })
    .max(65535, { message: 'expected a port between 0 and 65535' })
    .default(8080),
  SHOPCAST_PROVIDER: z.enum(['sandbox', 'isendpro'], { message: 'expected sandbox or isendpro' }).default('sandbox'),
  SHOPCAST_MODULE_SECRET: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
  SHOPCAST_ISENDPRO_URL: z
    .url({ protocol: /^https?$/, message: 'expected an http(s) URL' })
    .default('https://apirest.isendpro.com/cgi-bin'),
  SHOPCAST_ISENDPRO_KEYID: z.string().min(1).optional(),
  SHOPCAST_ISENDPRO_SANDBOX: z.enum(['0', '1'], { message: 'expected 1 (test mode) or 0' }).default('0'),
  SHOPCAST_CAMPAIGN_LEASE_SECONDS: z.coerce
    .number({ message: 'expected a number of seconds' })
    .int({ message: 'expected a whole number of seconds' })
    .min(5, { message: 'expected 5 to 3600 seconds' })
    .max(3600, { message: 'expected 5 to 3600 seconds' })
    .default(60),
  SHOPCAST_CAMPAIGN_MISSED_GRACE_MINUTES: z.coerce
    .number({ message: 'expected a number of minutes' })
    .int({ message: 'expected a whole number of minutes' })
    .min(1, { message: 'expected 1 to 10080 minutes' })
    .max(10080, { message: 'expected 1 to 10080 minutes' })
    .default(30),
  SHOPCAST_SECRET_KEY: z
    .string()
    .refine((v) => parseKey(v) !== null, { message: 'expected 32 bytes as 64 hex digits or base64 (openssl rand -hex 32)' })
    .optional(),
  SHOPCAST_FRAME_ANCESTORS: z
    .string()
    .regex(/^(\*|'self'|'none'|https?:\/\/[A-Za-z0-9.-]+(:\d+)?)( (\*|'self'|https?:\/\/[A-Za-z0-9.-]+(:\d+)?))*$/, {
      message: "expected space-separated origins such as https://shop.example, 'self' or *",
    })
    .default('*'),
  SHOPCAST_RATE_LIMIT: z.coerce
    .number({ message: 'expected a number of requests per minute' })
    .int({ message: 'expected a whole number of requests per minute' })
    .min(10, { message: 'expected 10 to 100000 requests per minute' })
    .max(100000, { message: 'expected 10 to 100000 requests per minute' })
    .default(120),
  SHOPCAST_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'expected fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
});

export interface Config {
  dataDir: string;
  dbUrl: string;
  /** true when SHOPCAST_DB_URL is unset: the embedded demo shop, created on first start */
  demoDatabase: boolean;
  dbPrefix: string;
  host: string;
  port: number;
  provider: 'sandbox' | 'isendpro';
  moduleSecret?: string;
  isendproUrl: string;
  isendproKeyid?: string;
  /** every iSendPro call in the provider's test mode (sandbox=1) */
  isendproSandbox: boolean;
  campaignLeaseSeconds: number;
  /** a scheduled campaign later than this when the service sees it is marked missed */
  campaignMissedGraceMinutes: number;
  /** encrypts secret settings at rest; when absent, a key file in the data directory is used */
  secretKey?: string;
  /** requests per client address and minute on ingress routes and refused admin authentications */
  rateLimit: number;
  /** CSP frame-ancestors of the admin pages */
  frameAncestors: string;
  logLevel: string;
}

/**
 * Reads the configuration from an environment. Empty strings count as unset, so `VAR=` in a
 * shell behaves like no variable. A bad value throws invalid_config whose message is one line
 * naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    const got = picked[name] === undefined ? '' : `, got ${JSON.stringify(redact(name, picked[name]))}`;
    throw new ShopcastError('invalid_config', `${name}: ${issue.message}${got}`, { variable: name });
  }
  const v = parsed.data;
  const dataDir = path.resolve(v.SHOPCAST_DATA_DIR);
  return {
    dataDir,
    dbUrl: v.SHOPCAST_DB_URL ?? `sqlite:${path.join(dataDir, 'demo-shop.sqlite')}`,
    demoDatabase: v.SHOPCAST_DB_URL === undefined,
    dbPrefix: v.SHOPCAST_DB_PREFIX,
    host: v.SHOPCAST_HOST,
    port: v.SHOPCAST_PORT,
    provider: v.SHOPCAST_PROVIDER,
    moduleSecret: v.SHOPCAST_MODULE_SECRET,
    isendproUrl: v.SHOPCAST_ISENDPRO_URL.replace(/\/+$/, ''),
    isendproKeyid: v.SHOPCAST_ISENDPRO_KEYID,
    isendproSandbox: v.SHOPCAST_ISENDPRO_SANDBOX === '1',
    campaignLeaseSeconds: v.SHOPCAST_CAMPAIGN_LEASE_SECONDS,
    campaignMissedGraceMinutes: v.SHOPCAST_CAMPAIGN_MISSED_GRACE_MINUTES,
    secretKey: v.SHOPCAST_SECRET_KEY,
    rateLimit: v.SHOPCAST_RATE_LIMIT,
    frameAncestors: v.SHOPCAST_FRAME_ANCESTORS,
    logLevel: v.SHOPCAST_LOG_LEVEL,
  };
}

function redact(name: string, value: string): string {
  if (/SECRET|KEYID/.test(name)) return '***';
  if (name === 'SHOPCAST_DB_URL') return value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return value;
}
