import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { signAdminToken } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { providerHealth } from '../../service/src/providers';
import { providerRoutes } from '../../service/src/providers/routes';
import { readSetting } from '../../service/src/settings';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

const secret = 'k'.repeat(64);
const exp = () => Math.floor(Date.now() / 1000) + 600;
const tokens = {
  all: signAdminToken(secret, { shops: [], employee: 1, exp: exp() }),
  shop1: signAdminToken(secret, { shops: [1], employee: 2, exp: exp() }),
};

type Page = { id_shop: number; fields: Array<{ key: string; value: string | null; scope: string; input: string; inherited: boolean }> };

/** The settings and opt-out routes of the providers capability, served for one provider setting. */
async function serve(t: TestDatabase, env: Record<string, string>): Promise<{ server: Server; base: string }> {
  const config = loadConfig(env);
  const ctx: AppContext = { db: t.db, config, log: createLogger('silent'), secret, provider: providerHealth(config, t.db) };
  const server = createApp(ctx, [providerRoutes(ctx)]).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
}

describeEachDialect('settings routes: keyid check, yes/no fields, shop scope, opt-out import', (dialect) => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let sandboxApp: { server: Server; base: string };
  let isendproApp: { server: Server; base: string };

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    fake = await startFakeIsendpro();
    sandboxApp = await serve(t, { SHOPCAST_PROVIDER: 'sandbox', SHOPCAST_ISENDPRO_URL: fake.url });
    isendproApp = await serve(t, { SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_ISENDPRO_KEYID: FAKE_KEYID });
  });
  beforeEach(async () => {
    fake.reset();
    for (const table of ['setting', 'opt_out', 'sync_state']) await t.db.knex(t.db.ownTable(table)).del();
  });
  after(async () => {
    for (const app of [sandboxApp, isendproApp]) await new Promise((resolve) => app?.server.close(resolve));
    await fake?.close();
    await t?.drop();
  });

  const call = async (app: { base: string }, method: string, path: string, body?: unknown, token = tokens.all) => {
    const res = await fetch(`${app.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const field = (page: Page, key: string) => page.fields.find((f) => f.key === key)!;
  const rows = () => t.db.knex(t.db.ownTable('setting')).select('id_shop', 'name', 'value').orderBy(['name', 'id_shop']);

  it('tests a keyid saved while the sandbox sends against iSendPro, with the seed messages', async () => {
    const ok = await call(sandboxApp, 'PUT', '/settings?lang=fr', { isendpro_keyid: FAKE_KEYID });
    expect(ok.json.check).to.deep.include({ status: 'ok', message: 'Vous pouvez envoyer 343 SMS en France' });
    const bad = await call(sandboxApp, 'PUT', '/settings', { isendpro_keyid: 'wrongkeyid0000' });
    expect(bad.json.check).to.deep.include({ status: 'bad_credentials', message: 'Your credentials are incorrect' });
    expect(fake.requests.map((r) => r.path)).to.deep.equal(['/credit', '/credit']);
    expect((await call(sandboxApp, 'POST', '/settings/check')).json.check.status).to.equal('sandbox');
  });

  it('offers nostop_allowed as a yes/no field and stores 1 or 0', async () => {
    const page = (await call(sandboxApp, 'GET', '/settings')).json as Page;
    expect(field(page, 'nostop_allowed')).to.deep.include({ input: 'boolean', scope: 'shared', value: null });
    expect(page.fields.find((f) => f.key === 'nostop_allowed')).to.have.nested.property('label.fr', 'Notifications sans mention STOP');
    await call(sandboxApp, 'PUT', '/settings', { nostop_allowed: true });
    expect(await readSetting(t.db, 'nostop_allowed')).to.equal('1');
    await call(sandboxApp, 'PUT', '/settings', { nostop_allowed: 'false' });
    expect(await readSetting(t.db, 'nostop_allowed')).to.equal('0');
    const refused = await call(sandboxApp, 'PUT', '/settings?lang=fr', { nostop_allowed: 'maybe' });
    expect(refused.status).to.equal(400);
    expect(refused.json.error.issues).to.deep.equal([{ path: 'nostop_allowed', message: 'Oui (1) ou non (0).' }]);
  });

  it("saves a one-shop token's admin phone and sender for its shop, leaving the every-shop values alone", async () => {
    await call(sandboxApp, 'PUT', '/settings', { admin_phone: '0601020304', default_sender: 'Commun' });
    const saved = await call(sandboxApp, 'PUT', '/settings', { admin_phone: '0611223344', default_sender: 'Boutique1' }, tokens.shop1);
    expect(saved.status).to.equal(200);
    expect(saved.json.id_shop).to.equal(1);
    expect(await rows()).to.deep.equal([
      { id_shop: 0, name: 'admin_phone', value: '+33601020304' },
      { id_shop: 1, name: 'admin_phone', value: '+33611223344' },
      { id_shop: 0, name: 'default_sender', value: 'Commun' },
      { id_shop: 1, name: 'default_sender', value: 'Boutique1' },
    ]);
    expect(await readSetting(t.db, 'admin_phone', 1)).to.equal('+33611223344');
    expect(await readSetting(t.db, 'admin_phone', 2)).to.equal('+33601020304');
  });

  it('refuses shared settings and other shops to a one-shop token, storing nothing', async () => {
    for (const [path, body] of [
      ['/settings', { isendpro_batch_size: '50' }],
      ['/settings', { admin_phone: '0611223344', isendpro_keyid: FAKE_KEYID }],
      ['/settings', { nostop_allowed: '1' }],
      ['/settings?id_shop=2', { admin_phone: '0611223344' }],
      ['/settings?id_shop=0', { admin_phone: '0611223344' }],
    ] as const) {
      const res = await call(sandboxApp, 'PUT', path, body, tokens.shop1);
      expect(res.status, `${path} ${JSON.stringify(body)}`).to.equal(401);
    }
    expect((await call(sandboxApp, 'GET', '/settings?id_shop=2', undefined, tokens.shop1)).status).to.equal(401);
    expect(await rows()).to.deep.equal([]);
    expect(fake.requests).to.have.length(0);
  });

  it('lets a token for every shop set, show and clear one shop’s own value', async () => {
    await call(sandboxApp, 'PUT', '/settings', { default_sender: 'Commun' });
    await call(sandboxApp, 'PUT', '/settings?id_shop=2', { default_sender: 'Boutique2', isendpro_batch_size: '50' });
    const shop2 = (await call(sandboxApp, 'GET', '/settings?id_shop=2')).json as Page;
    expect(field(shop2, 'default_sender')).to.deep.include({ value: 'Boutique2', scope: 'shop', inherited: false });
    expect(field(shop2, 'isendpro_batch_size')).to.deep.include({ value: '50', scope: 'shared', inherited: false });
    const shop3 = (await call(sandboxApp, 'GET', '/settings?id_shop=3')).json as Page;
    expect(field(shop3, 'default_sender')).to.deep.include({ value: 'Commun', inherited: true });
    await call(sandboxApp, 'PUT', '/settings?id_shop=2', { default_sender: null });
    expect(field((await call(sandboxApp, 'GET', '/settings?id_shop=2')).json, 'default_sender')).to.deep.include({ value: 'Commun', inherited: true });
    expect((await call(sandboxApp, 'GET', '/settings?id_shop=x')).status).to.equal(400);
  });

  it('imports the provider blacklist on demand for a token covering every shop only', async () => {
    fake.setSwitches({ blacklisted: ['0698765432', '33612345678'] });
    expect((await call(isendproApp, 'POST', '/optouts/import', undefined, tokens.shop1)).status).to.equal(401);
    expect(fake.requests).to.have.length(0);
    const first = await call(isendproApp, 'POST', '/optouts/import');
    expect(first).to.deep.equal({ status: 200, json: { provider: 'isendpro', read: 2, added: 2, skipped: 0 } });
    expect((await call(isendproApp, 'POST', '/optouts/import')).json).to.include({ read: 2, added: 0 });
    expect(await t.db.knex(t.db.ownTable('opt_out')).orderBy('phone').pluck('phone')).to.deep.equal(['+33612345678', '+33698765432']);
    // Recorded as the latest run, so a service starting now does not import again.
    expect(await t.db.knex(t.db.ownTable('sync_state')).where({ name: 'opt_out_import' }).first('value')).to.deep.equal({ value: 'http-employee-1' });
  });

  it('answers 502 with the provider failure when the blacklist export is refused', async () => {
    fake.setSwitches({ ipAllowed: false });
    const res = await call(isendproApp, 'POST', '/optouts/import');
    expect(res.status).to.equal(502);
    expect(res.json.error.code).to.equal('provider_failed');
    expect(await t.db.knex(t.db.ownTable('opt_out')).count({ n: '*' }).first()).to.deep.include({ n: 0 });
  });
});
