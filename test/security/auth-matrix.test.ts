import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { listRoutes } from '../helpers/routes';
import { signAdminToken, signIngress } from '../../service/src/auth';
import { assemble, Stop } from '../../service/src/cli/serve';
import { loadConfig } from '../../service/src/config';
import { migrate, toSqlDateTime } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { writeSetting } from '../../service/src/settings';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addCustomer, createShop } from '../helpers/shop-fixtures';
import { BACKGROUND_TABLES, ownTablesChecksum } from './table-checksum';

const secret = 'm'.repeat(64);
const MARKER = 'MARKER-shop-one';

/**
 * Every route the assembled app registers, and the proof it needs. A route missing from this
 * table fails the test: nothing ships without being classified here.
 * - public: no proof; ingress: module signature; telegram: grammY's secret header;
 * - admin: bearer token; answers only about the token's own shops (a filtered listing, or
 *   nothing shop-specific), so a token for another shop may call it but sees nothing of shop 1;
 * - admin-shop: bearer token; acts on one shop's records (a campaign, a rule, a chat, a segment
 *   of shop 1) or changes shared settings (id_shop 0, which reach every shop), so a token for
 *   another shop is refused and changes nothing.
 */
type Kind = 'public' | 'admin' | 'admin-shop' | 'ingress' | 'telegram';
const CLASSIFIED: Record<string, Kind> = {
  'GET /health': 'public',
  'GET /admin/app.js': 'public',
  'GET /api/whoami': 'admin',
  'GET /api/settings': 'admin',
  'PUT /api/settings': 'admin-shop',
  'POST /api/settings/check': 'admin',
  'POST /api/optouts/import': 'admin-shop',
  'GET /api/telegram/status': 'admin',
  'POST /api/telegram/link-codes': 'admin-shop',
  'GET /api/telegram/chats': 'admin',
  'DELETE /api/telegram/chats/:id': 'admin-shop',
  'POST /api/telegram/webhook': 'telegram',
  'POST /api/segments/count': 'admin-shop',
  'POST /api/segments/preview': 'admin-shop',
  'GET /api/notifications/events': 'admin',
  'GET /api/notifications/rules': 'admin',
  'POST /api/notifications/rules': 'admin-shop',
  'PUT /api/notifications/rules/:id': 'admin-shop',
  'PATCH /api/notifications/rules/:id': 'admin-shop',
  'DELETE /api/notifications/rules/:id': 'admin-shop',
  'GET /api/notifications/history': 'admin',
  'GET /api/notifications/history/export': 'admin',
  'POST /api/events/wake': 'ingress',
  'GET /api/shop/options': 'admin',
  'POST /api/campaigns/estimate': 'admin-shop',
  'POST /api/campaigns': 'admin-shop',
  'GET /api/campaigns': 'admin',
  'GET /api/campaigns/export': 'admin',
  'GET /api/campaigns/:id': 'admin-shop',
  'GET /api/campaigns/:id/recipients': 'admin-shop',
  'GET /api/campaigns/:id/recipients/export': 'admin-shop',
  'POST /api/campaigns/:id/send': 'admin-shop',
  'POST /api/campaigns/:id/schedule': 'admin-shop',
  'POST /api/campaigns/:id/pause': 'admin-shop',
  'POST /api/campaigns/:id/resume': 'admin-shop',
  'POST /api/campaigns/:id/cancel': 'admin-shop',
  'POST /api/campaigns/:id/unschedule': 'admin-shop',
  'GET /api/campaigns/:id/progress': 'admin-shop',
};

const shopOne = { shops: [1], criteria: [] };
const rule = { audience: 'admin', events: ['payment_confirmation'], message: MARKER, id_shop: 1 };
const campaign = { name: MARKER, action: 'export', criteria: shopOne };
/** Bodies a token for every shop may send: a refusal of the same body for another shop is about scope, not input. */
const BODIES: Record<string, unknown> = {
  'PUT /api/settings': { isendpro_batch_size: '50' },
  'POST /api/telegram/link-codes': { id_shop: 1 },
  'POST /api/segments/count': { segment: shopOne },
  'POST /api/segments/preview': { segment: shopOne },
  'POST /api/notifications/rules': rule,
  'PUT /api/notifications/rules/:id': rule,
  'PATCH /api/notifications/rules/:id': { active: false },
  'POST /api/campaigns/estimate': campaign,
  'POST /api/campaigns': campaign,
  'POST /api/campaigns/:id/schedule': { at: new Date(Date.now() + 7 * 86_400_000).toISOString() },
};

describeEachDialect('authentication matrix of the assembled service', (dialect) => describe('on the assembled app', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let app: Express;
  let server: Server;
  let base: string;
  const stops: Stop[] = [];
  const ids = { campaign: 0, rule: 0, chat: 0 };

  const exp = (s: number) => Math.floor(Date.now() / 1000) + s;
  const tokens = {
    expired: () => signAdminToken(secret, { shops: [], employee: 1, exp: exp(-60) }),
    forged: () => signAdminToken('f'.repeat(64), { shops: [], employee: 1, exp: exp(600) }),
    otherShop: () => signAdminToken(secret, { shops: [999], employee: 1, exp: exp(600) }),
    all: () => signAdminToken(secret, { shops: [], employee: 1, exp: exp(600) }),
  };

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    await createShop(t.db);
    await addCustomer(t.db, {});
    // A high limit: this test sends hundreds of refused calls from one address on purpose.
    const config = loadConfig({ SHOPCAST_RATE_LIMIT: '100000' });
    const ctx: AppContext = { db: t.db, config, log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    app = createApp(ctx, assemble(ctx, stops));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const auth = { authorization: `Bearer ${tokens.all()}` };
    const created = await call('POST', '/api/campaigns', campaign, auth);
    expect(created.status, created.text).to.equal(201);
    ids.campaign = JSON.parse(created.text).campaign.id_campaign;
    const madeRule = await call('POST', '/api/notifications/rules', rule, auth);
    expect(madeRule.status, madeRule.text).to.equal(201);
    ids.rule = JSON.parse(madeRule.text).rule.id_rule;
    // Shop 1's own data the other shop's token must never see: a setting, a chat, a history row.
    await writeSetting(t.db, 'admin_phone', MARKER, { idShop: 1 });
    const now = toSqlDateTime(new Date());
    [ids.chat] = await t.db.knex(t.db.ownTable('telegram_chat')).insert({ id_shop: 1, chat_id: 42, chat_type: 'private', title: MARKER, linked_at: now });
    await t.db.knex(t.db.ownTable('notification')).insert({ id_event: 1, id_rule: ids.rule, id_shop: 1, event: 'payment_confirmation', recipient: '+33612345678', message: MARKER, status: 'sent', created_at: now });
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const s of stops) await s();
    await t.drop();
  });

  /** One request; a streamed answer (the progress route) is read for its status only. */
  async function call(method: string, path: string, body: unknown, headers: Record<string, string>) {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    const res = await fetch(`${base}${path}`, { method, body: method === 'GET' ? undefined : raw, headers: { 'content-type': 'application/json', ...headers } });
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, text: '' };
    }
    return { status: res.status, text: await res.text() };
  }

  /** The route with its :id naming shop 1's record of the right kind, and the body that goes with it. */
  const concrete = (route: string) => {
    const [method, pattern] = route.split(' ');
    const id = pattern.startsWith('/api/notifications/rules') ? ids.rule : pattern.startsWith('/api/telegram/chats') ? ids.chat : ids.campaign;
    return { method, path: pattern.replace(':id', String(id)), body: BODIES[route] ?? {} };
  };
  const routesOf = (kind: Kind) => Object.keys(CLASSIFIED).filter((r) => CLASSIFIED[r] === kind);
  // The assembled app runs the address-phone sweeper: its caches are left out of the comparison.
  const checksum = () => ownTablesChecksum(t.db, { skip: BACKGROUND_TABLES });

  it('classifies every registered route, so a new one cannot ship unprotected', () => {
    const routes = listRoutes(app);
    const unclassified = routes.filter((r) => !(r in CLASSIFIED));
    expect(unclassified, 'routes missing from CLASSIFIED').to.deep.equal([]);
    const gone = Object.keys(CLASSIFIED).filter((r) => !routes.includes(r));
    expect(gone, 'classified routes no longer registered').to.deep.equal([]);
  });

  it('refuses admin routes without a token, with an expired one and with a forged one', async () => {
    for (const route of [...routesOf('admin'), ...routesOf('admin-shop')]) {
      const { method, path, body } = concrete(route);
      for (const [label, headers] of [
        ['no token', {}],
        ['expired', { authorization: `Bearer ${tokens.expired()}` }],
        ['forged', { authorization: `Bearer ${tokens.forged()}` }],
        ['not bearer', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ] as Array<[string, Record<string, string>]>) {
        const res = await call(method, path, body, headers);
        expect(res.status, `${route} ${label}`).to.equal(401);
        expect(JSON.parse(res.text).error.code, `${route} ${label}`).to.equal('unauthorized');
        expect(res.text, `${route} ${label}`).not.to.include(MARKER);
      }
    }
  });

  it("refuses a token for shop 999 on every route that touches shop 1's data or shared settings, changing nothing", async () => {
    // Every offending route is listed at once, with what it did.
    const problems: string[] = [];
    for (const route of routesOf('admin-shop')) {
      const { method, path, body } = concrete(route);
      const before = await checksum();
      const res = await call(method, path, body, { authorization: `Bearer ${tokens.otherShop()}` });
      if (res.text.includes(MARKER)) problems.push(`${route}: shows shop 1's data`);
      if (![401, 403, 404].includes(res.status)) problems.push(`${route}: accepted with ${res.status} ${res.text.slice(0, 200)}`);
      const after = await checksum();
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length > 0) problems.push(`${route}: changed ${changed.join(', ')}`);
    }
    expect(problems, 'routes that let a token for another shop act').to.deep.equal([]);
  });

  it("shows nothing of shop 1 to a token for shop 999 on the routes it may call, and changes nothing", async () => {
    for (const route of routesOf('admin')) {
      const { method, path, body } = concrete(route);
      const before = await checksum();
      const res = await call(method, path, body, { authorization: `Bearer ${tokens.otherShop()}` });
      expect(res.status, `${route}: ${res.text}`).to.be.below(500);
      expect(res.text, route).not.to.include(MARKER);
      expect(await checksum(), `${route} changed rows`).to.deep.equal(before);
    }
  });

  it('refuses module ingress without a signature, with a stale one and with the wrong secret', async () => {
    for (const route of routesOf('ingress')) {
      const { method, path } = concrete(route);
      const raw = '{}';
      for (const [label, header] of [
        ['none', undefined],
        ['stale', signIngress(secret, raw, Date.now() - 10 * 60_000)],
        ['wrong secret', signIngress('w'.repeat(64), raw)],
        ['garbage', 't=1,s=zz'],
      ] as Array<[string, string | undefined]>) {
        const res = await fetch(`${base}${path}`, { method, body: raw, headers: { 'content-type': 'application/json', ...(header ? { 'x-shopcast-signature': header } : {}) } });
        expect(res.status, `${route} ${label}`).to.equal(401);
      }
      const ok = await fetch(`${base}${path}`, { method, body: raw, headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(secret, raw) } });
      expect(ok.status, `${route} signed`).to.be.within(200, 299);
    }
  });

  it('answers the Telegram webhook only when enabled and with its secret header', async () => {
    const res = await call('POST', '/api/telegram/webhook', { update_id: 1 }, { 'x-telegram-bot-api-secret-token': 'guess' });
    expect(res.status).to.be.oneOf([401, 404]);
  });

  it('sends security headers that still let the back office frame the pages', async () => {
    const res = await fetch(`${base}/admin/`);
    expect(res.headers.get('x-frame-options')).to.equal(null);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
  });

  it('answers a body over 1 MB with 413 and the JSON error shape', async () => {
    const res = await call('POST', '/api/segments/count', { pad: 'x'.repeat(1_100_000) }, { authorization: `Bearer ${tokens.all()}` });
    expect(res.status).to.equal(413);
    expect(JSON.parse(res.text).error).to.include({ code: 'invalid_input', message: 'request body too large' });
  });

  // Last: it acts for real (sends, deletes). It shows the refusals above are about the shop, not the body.
  it('lets a token for every shop make each of those requests', async () => {
    const refused: string[] = [];
    for (const route of routesOf('admin-shop')) {
      const { method, path, body } = concrete(route);
      const res = await call(method, path, body, { authorization: `Bearer ${tokens.all()}` });
      // 409: a state the campaign is not in (pause a draft...), which only a permitted caller learns.
      if (!(res.status < 300 || res.status === 409)) refused.push(`${route}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(refused).to.deep.equal([]);
  });
}));
