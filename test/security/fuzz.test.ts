import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAdminToken } from '../../service/src/auth';
import { assemble, Stop } from '../../service/src/cli/serve';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { listRoutes } from '../helpers/routes';
import { addSubscribers, createShop } from '../helpers/shop-fixtures';

const secret = 'z'.repeat(64);

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

function junk(next: () => number, depth = 0): unknown {
  const r = next();
  if (depth < 3 && r < 0.2) return Array.from({ length: Math.floor(next() * 4) }, () => junk(next, depth + 1));
  if (depth < 3 && r < 0.4) return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [KEYS[Math.floor(next() * KEYS.length)] ?? `k${i}`, junk(next, depth + 1)]));
  return ATOMS[Math.floor(next() * ATOMS.length)];
}

const KEYS = ['name', 'criteria', 'shops', 'segment', 'message', 'sender', 'action', 'events', 'audience', 'id_shop', 'active', 'at', 'field', 'op', 'value', 'months', 'isendpro_keyid', 'default_sender', 'admin_phone', 'telegram_bot_token', 'send_window', 'page', 'per_page'];

/** Only writes that are refused: a 2xx may legitimately create a row. */
const TABLES = ['campaign', 'campaign_recipient', 'notification_rule', 'setting', 'telegram_chat', 'event_outbox', 'notification'];

describeEachDialect('bad input on every JSON endpoint', (dialect) => describe('on the assembled app', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let server: Server;
  let base: string;
  let routes: string[] = [];
  const stops: Stop[] = [];
  const token = signAdminToken(secret, { shops: [], employee: 1, exp: Math.floor(Date.now() / 1000) + 3600 });

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    await createShop(t.db);
    await addSubscribers(t.db, 5);
    const ctx: AppContext = { db: t.db, config: loadConfig({ SHOPCAST_RATE_LIMIT: '100000' }), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    const app = createApp(ctx, assemble(ctx, stops));
    routes = listRoutes(app).filter((r) => r.startsWith('POST /api') || r.startsWith('PUT /api') || r.startsWith('PATCH /api'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const s of stops) await s();
    await t.drop();
  });

  const counts = async () => Promise.all(TABLES.map(async (name) => Number((await t.db.knex(t.db.ownTable(name)).count({ n: '*' }).first())?.n)));

  it('answers 4xx with a message, never 500, and changes no row when it refuses', async () => {
    const seed = Number(process.env.SHOPCAST_FUZZ_SEED ?? 11);
    const next = rng(seed);
    for (const route of routes) {
      const [method, pattern] = route.split(' ');
      for (let i = 0; i < 25; i++) {
        const path = pattern.replace(':id', String(junk(next)).slice(0, 30) || '1');
        const body = JSON.stringify(junk(next)) ?? 'null';
        const before = await counts();
        const res = await fetch(`${base}${encodeURI(path)}`, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
        const text = await res.text();
        const where = `seed ${seed}, ${route} ${path} with ${body.slice(0, 200)}: ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, where).to.be.below(500);
        if (res.status >= 400) {
          expect(JSON.parse(text).error.message, where).to.be.a('string').and.not.equal('');
          expect(await counts(), where).to.deep.equal(before);
        }
      }
    }
  });
}));
