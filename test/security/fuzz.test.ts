import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAdminToken, signIngress } from '../../service/src/auth';
import { assemble, Stop } from '../../service/src/cli/serve';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { startTelegram, telegramRoutes, TelegramService } from '../../service/src/channels/telegram';
import { readSetting, writeSetting } from '../../service/src/settings';
import { FAKE_TOKEN, FAKE_USERNAME, FakeTelegram, startFakeTelegram } from '../fakes/telegram';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { listRoutes } from '../helpers/routes';
import { addSubscribers, createShop } from '../helpers/shop-fixtures';
import { BACKGROUND_TABLES, ownTablesChecksum } from './table-checksum';

const secret = 'z'.repeat(64);
const CASES_PER_ROUTE = 25;

/** mulberry32: a small seeded generator, so a failure replays with the seed it prints. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS: unknown[] = [
  null, true, false, 0, -1, -2147483649, 1e308, 9007199254740993, 1.5, NaN, '', ' ', 'x'.repeat(70_000), "' OR 1=1 --", '"; DROP TABLE ps_customer; --',
  '𝒮𝒽ø𝓅 🎉 ç’', '\u0000\u202e', '2026-13-45T99:99:99Z', '<script>alert(1)</script>', '../../etc/passwd', '%s%n', '{shop_name}', [], {}, [[[[[]]]]], { __proto__: { admin: true } },
];

const KEYS = ['name', 'criteria', 'shops', 'segment', 'message', 'sender', 'action', 'events', 'audience', 'id_shop', 'active', 'at', 'field', 'op', 'value', 'months', 'isendpro_keyid', 'default_sender', 'admin_phone', 'telegram_bot_token', 'send_window', 'page', 'per_page'];
/** The filters the listings and exports read (docs/api.md), and a few they do not. */
const QUERY_KEYS = ['id', 'from', 'to', 'name', 'status', 'action', 'page', 'per_page', 'format', 'phone', 'message', 'sender', 'code', 'channel', 'lang', 'shops', 'id_shop', 'constructor'];

type Next = () => number;
const pick = <T>(next: Next, list: readonly T[]): T => list[Math.floor(next() * list.length)];

function junk(next: Next, depth = 0): unknown {
  const r = next();
  if (depth < 3 && r < 0.2) return Array.from({ length: Math.floor(next() * 4) }, () => junk(next, depth + 1));
  if (depth < 3 && r < 0.4) return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [pick(next, KEYS) ?? `k${i}`, junk(next, depth + 1)]));
  return pick(next, ATOMS);
}

/** A junk path parameter: any atom as text, cut so the URL stays a URL. */
const junkParam = (next: Next) => String(pick(next, ATOMS)).slice(0, 30) || '1';

/**
 * A junk query string: known and unknown filters, repeated keys (arrays), empty and odd values.
 * Values are cut to 2000 characters so the request line stays under Node's header limit (a longer
 * one is refused by Node itself with an empty 431, before any of our code runs).
 */
function junkQuery(next: Next): string {
  const params = new URLSearchParams();
  for (let i = Math.floor(next() * 5); i >= 0; i--) {
    const value = junk(next, 3);
    params.append(pick(next, QUERY_KEYS), (typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined').slice(0, 2000));
  }
  return params.toString();
}

/** The answer, with streamed ones (the progress route) read for their status only. */
async function send(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  const res = await fetch(url, init);
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, text: '' };
  }
  return { status: res.status, text: await res.text() };
}

/** 4xx with a message, or 2xx; never 5xx. Returns the reason it is not, or null. */
function verdict(res: { status: number; text: string }): string | null {
  if (res.status >= 500) return 'a server error';
  if (res.status < 400) return null;
  try {
    const message = JSON.parse(res.text).error?.message;
    return typeof message === 'string' && message !== '' ? null : 'a refusal without a message';
  } catch {
    return 'a refusal that is not the JSON error shape';
  }
}

describeEachDialect('bad input on every endpoint', (dialect) => describe('on the assembled app', function () {
  this.timeout(120_000);
  let t: TestDatabase;
  let server: Server;
  let base: string;
  let routes: string[] = [];
  const stops: Stop[] = [];
  const seed = Number(process.env.SHOPCAST_FUZZ_SEED ?? 11);
  const token = signAdminToken(secret, { shops: [], employee: 1, exp: Math.floor(Date.now() / 1000) + 3600 });
  const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    await createShop(t.db);
    await addSubscribers(t.db, 5);
    const ctx: AppContext = { db: t.db, config: loadConfig({ SHOPCAST_RATE_LIMIT: '100000' }), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    const app = createApp(ctx, assemble(ctx, stops));
    routes = listRoutes(app).filter((r) => r.includes(' /api/'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const s of stops) await s();
    await t.drop();
  });

  // The assembled app runs the address-phone sweeper: its caches are left out of the comparison.
  const checksum = () => ownTablesChecksum(t.db, { skip: BACKGROUND_TABLES });

  /** Runs `cases` requests on each route; a refusal must change no row, and so must any GET or DELETE. */
  async function fuzz(methods: string[], request: (next: Next, method: string, pattern: string) => { path: string; init: RequestInit; shown: string }) {
    const next = rng(seed);
    const chosen = routes.filter((r) => methods.includes(r.split(' ')[0]) && r !== 'POST /api/events/wake' && r !== 'POST /api/telegram/webhook');
    expect(chosen, `routes for ${methods.join('/')}`).not.to.deep.equal([]);
    for (const route of chosen) {
      const [method, pattern] = route.split(' ');
      for (let i = 0; i < CASES_PER_ROUTE; i++) {
        const { path, init, shown } = request(next, method, pattern);
        const before = await checksum();
        const res = await send(`${base}${path}`, { method, ...init });
        const where = `seed ${seed}, ${route} ${shown.slice(0, 200)}: ${res.status} ${res.text.slice(0, 300)}`;
        expect(verdict(res), where).to.equal(null);
        if (res.status >= 400 || method === 'GET' || method === 'DELETE') expect(await checksum(), where).to.deep.equal(before);
      }
    }
  }

  it('answers junk JSON bodies with 4xx and a message, never 500, and changes no row when it refuses', async () => {
    await fuzz(['POST', 'PUT', 'PATCH'], (next, _method, pattern) => {
      const path = encodeURI(pattern.replace(':id', junkParam(next)));
      const body = JSON.stringify(junk(next)) ?? 'null';
      return { path, init: { body, headers: admin }, shown: `${path} with ${body}` };
    });
  });

  it('answers junk query parameters and ids on every GET and DELETE with 4xx or 2xx, never 500, changing no row', async () => {
    await fuzz(['GET', 'DELETE'], (next, _method, pattern) => {
      const path = `${encodeURI(pattern.replace(':id', junkParam(next)))}?${junkQuery(next)}`;
      return { path, init: { headers: admin }, shown: path };
    });
  });

  it('answers junk module calls behind a valid signature with 2xx or a 4xx message, changing no row', async () => {
    const next = rng(seed);
    const bodies = [...Array.from({ length: CASES_PER_ROUTE }, () => JSON.stringify(junk(next)) ?? 'null'), '{not json', '', '\u0000', '[', '"'.repeat(3)];
    for (const body of bodies) {
      const before = await checksum();
      const res = await send(`${base}/api/events/wake`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(secret, body) } });
      const where = `seed ${seed}, wake with ${body.slice(0, 200)}: ${res.status} ${res.text.slice(0, 300)}`;
      expect(verdict(res), where).to.equal(null);
      expect(await checksum(), where).to.deep.equal(before);
    }
  });
}));

describeEachDialect('bad input on the Telegram webhook', (dialect) => {
  let t: TestDatabase;
  let fake: FakeTelegram;
  let telegram: TelegramService;
  let server: Server;
  let base: string;

  before(async function () {
    this.timeout(30_000);
    t = await dialect.create();
    await migrate(t.db);
    await createShop(t.db);
    fake = await startFakeTelegram();
    fake.addBot(FAKE_TOKEN, FAKE_USERNAME);
    await writeSetting(t.db, 'telegram_bot_token', FAKE_TOKEN, { secret: true });
    await writeSetting(t.db, 'telegram_mode', 'webhook');
    await writeSetting(t.db, 'telegram_public_url', 'https://shop.example.com/shopcast');
    const log = createLogger('silent');
    telegram = startTelegram(t.db, log, { apiRoot: fake.apiRoot });
    await telegram.ready();
    expect(telegram.status()).to.include({ state: 'running', mode: 'webhook' });
    const ctx: AppContext = { db: t.db, config: loadConfig({ SHOPCAST_RATE_LIMIT: '100000' }), log, secret, provider: { name: 'sandbox', configured: async () => true } };
    server = createApp(ctx, [telegramRoutes(ctx, telegram)]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await telegram?.stop();
    if (server) await new Promise((resolve) => server.close(resolve));
    await fake?.close();
    await t?.drop();
  });

  it('answers junk updates with its secret header with 2xx or a 4xx message, never 500, changing no row', async function () {
    this.timeout(60_000);
    const webhookSecret = (await readSetting(t.db, 'telegram_webhook_secret'))!;
    const seed = Number(process.env.SHOPCAST_FUZZ_SEED ?? 11);
    const next = rng(seed);
    const updates = [...Array.from({ length: CASES_PER_ROUTE }, () => junk(next)), { update_id: 'x', message: { text: "/link ' OR 1=1 --" } }, { update_id: 1, message: { chat: null } }];
    for (const update of updates) {
      const before = await ownTablesChecksum(t.db);
      const body = JSON.stringify(update) ?? 'null';
      const res = await send(`${base}/api/telegram/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret } });
      const where = `seed ${seed}, webhook with ${body.slice(0, 200)}: ${res.status} ${res.text.slice(0, 300)}`;
      expect(verdict(res), where).to.equal(null);
      expect(await ownTablesChecksum(t.db), where).to.deep.equal(before);
    }
  });
});
