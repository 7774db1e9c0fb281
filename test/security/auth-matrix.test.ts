import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { listRoutes } from '../helpers/routes';
import { signAdminToken, signIngress } from '../../service/src/auth';
import { assemble, Stop } from '../../service/src/cli/serve';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addCustomer, createShop } from '../helpers/shop-fixtures';

const secret = 'm'.repeat(64);
const MARKER = 'MARKER-shop-one';

/**
 * Every route the assembled app registers, and the proof it needs. A route missing from this
 * table fails the test: nothing ships without being classified here.
 * public: no proof; admin: bearer token; ingress: module signature; telegram: grammY's secret header.
 */
type Kind = 'public' | 'admin' | 'ingress' | 'telegram';
const CLASSIFIED: Record<string, Kind> = {
  'GET /health': 'public',
  'GET /admin/app.js': 'public',
  'GET /api/whoami': 'admin',
  'GET /api/settings': 'admin',
  'PUT /api/settings': 'admin',
  'POST /api/settings/check': 'admin',
  'GET /api/telegram/status': 'admin',
  'POST /api/telegram/link-codes': 'admin',
  'GET /api/telegram/chats': 'admin',
  'DELETE /api/telegram/chats/:id': 'admin',
  'POST /api/telegram/webhook': 'telegram',
  'POST /api/segments/count': 'admin',
  'POST /api/segments/preview': 'admin',
  'GET /api/notifications/events': 'admin',
  'GET /api/notifications/rules': 'admin',
  'POST /api/notifications/rules': 'admin',
  'PUT /api/notifications/rules/:id': 'admin',
  'PATCH /api/notifications/rules/:id': 'admin',
  'DELETE /api/notifications/rules/:id': 'admin',
  'GET /api/notifications/history': 'admin',
  'GET /api/notifications/history/export': 'admin',
  'POST /api/events/wake': 'ingress',
  'GET /api/shop/options': 'admin',
  'POST /api/campaigns/estimate': 'admin',
  'POST /api/campaigns': 'admin',
  'GET /api/campaigns': 'admin',
  'GET /api/campaigns/export': 'admin',
  'GET /api/campaigns/:id': 'admin',
  'GET /api/campaigns/:id/recipients': 'admin',
  'GET /api/campaigns/:id/recipients/export': 'admin',
  'POST /api/campaigns/:id/send': 'admin',
  'POST /api/campaigns/:id/schedule': 'admin',
  'POST /api/campaigns/:id/pause': 'admin',
  'POST /api/campaigns/:id/resume': 'admin',
  'POST /api/campaigns/:id/cancel': 'admin',
  'POST /api/campaigns/:id/unschedule': 'admin',
  'GET /api/campaigns/:id/progress': 'admin',
};

describeEachDialect('authentication matrix of the assembled service', (dialect) => describe('on the assembled app', function () {
  this.timeout(30_000);
  let t: TestDatabase;
  let app: Express;
  let server: Server;
  let base: string;
  const stops: Stop[] = [];
  let campaignId = 0;

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
    const created = await call('POST', '/api/campaigns', { name: MARKER, action: 'export', criteria: { shops: [1], criteria: [] } }, { authorization: `Bearer ${tokens.all()}` });
    expect(created.status, created.text).to.equal(201);
    campaignId = JSON.parse(created.text).campaign.id_campaign;
    const rule = await call('POST', '/api/notifications/rules', { audience: 'admin', events: ['payment_confirmation'], message: MARKER, id_shop: 1 }, { authorization: `Bearer ${tokens.all()}` });
    expect(rule.status, rule.text).to.be.oneOf([200, 201]);
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const s of stops) await s();
    await t.drop();
  });

  async function call(method: string, path: string, body: unknown, headers: Record<string, string>) {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    const res = await fetch(`${base}${path}`, { method, body: method === 'GET' ? undefined : raw, headers: { 'content-type': 'application/json', ...headers } });
    return { status: res.status, text: await res.text() };
  }

  const concrete = (route: string) => {
    const [method, path] = route.split(' ');
    return { method, path: path.replace(':id', String(campaignId)) };
  };

  it('classifies every registered route, so a new one cannot ship unprotected', () => {
    const routes = listRoutes(app);
    const unclassified = routes.filter((r) => !(r in CLASSIFIED));
    expect(unclassified, 'routes missing from CLASSIFIED').to.deep.equal([]);
    const gone = Object.keys(CLASSIFIED).filter((r) => !routes.includes(r));
    expect(gone, 'classified routes no longer registered').to.deep.equal([]);
  });

  it('refuses admin routes without a token, with an expired one and with a forged one', async () => {
    for (const route of Object.keys(CLASSIFIED).filter((r) => CLASSIFIED[r] === 'admin')) {
      const { method, path } = concrete(route);
      for (const [label, headers] of [
        ['no token', {}],
        ['expired', { authorization: `Bearer ${tokens.expired()}` }],
        ['forged', { authorization: `Bearer ${tokens.forged()}` }],
        ['not bearer', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ] as Array<[string, Record<string, string>]>) {
        const res = await call(method, path, {}, headers);
        expect(res.status, `${route} ${label}`).to.equal(401);
        expect(JSON.parse(res.text).error.code, `${route} ${label}`).to.equal('unauthorized');
        expect(res.text, `${route} ${label}`).not.to.include(MARKER);
      }
    }
  });

  it("never shows or acts on shop 1's data with a token for shop 999", async () => {
    for (const route of Object.keys(CLASSIFIED).filter((r) => CLASSIFIED[r] === 'admin')) {
      const { method, path } = concrete(route);
      const body = path.startsWith('/api/campaigns') || path.startsWith('/api/segments') ? { name: 'x', criteria: { shops: [1], criteria: [] } } : { id_shop: 1 };
      const res = await call(method, path, body, { authorization: `Bearer ${tokens.otherShop()}` });
      expect(res.status, `${route}: ${res.text}`).not.to.equal(500);
      expect(res.text, route).not.to.include(MARKER);
      if (route.includes(':id')) expect(res.status, `${route}: ${res.text}`).to.be.oneOf([401, 403, 404]);
    }
    const c = await t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: campaignId }).first();
    expect(c.status).to.equal('draft');
  });

  it('refuses module ingress without a signature, with a stale one and with the wrong secret', async () => {
    for (const route of Object.keys(CLASSIFIED).filter((r) => CLASSIFIED[r] === 'ingress')) {
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
}));
