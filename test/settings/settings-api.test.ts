import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { signAdminToken } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { readSetting } from '../../service/src/settings';
import { providerHealth } from '../../service/src/providers';
import { providerRoutes } from '../../service/src/providers/routes';
import { BAD_KEYID_MESSAGE, FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

const secret = 'k'.repeat(64);

describeEachDialect('settings API (seed section 4)', (dialect) => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let server: Server;
  let base: string;
  const logLines: string[] = [];

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    fake = await startFakeIsendpro();
    const config = loadConfig({ SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url });
    const ctx: AppContext = {
      db: t.db,
      config,
      log: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
      secret,
      provider: providerHealth(config, t.db),
    };
    server = createApp(ctx, [providerRoutes(ctx)]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  beforeEach(async () => {
    fake.reset();
    await t.db.knex(t.db.ownTable('setting')).del();
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await fake?.close();
    await t?.drop();
  });

  const token = signAdminToken(secret, { shops: [], employee: 1, exp: Math.floor(Date.now() / 1000) + 600 });
  const call = async (method: string, path: string, body?: unknown, lang = 'en') => {
    const res = await fetch(`${base}${path}?lang=${lang}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) };
  };
  const valueOf = (page: { fields: Array<{ key: string; value: string | null }> }, key: string) => page.fields.find((f) => f.key === key)?.value;

  it('answers 401 without an admin token', async () => {
    for (const [method, path] of [['GET', '/settings'], ['PUT', '/settings'], ['POST', '/settings/check']]) {
      const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).to.equal(401);
    }
  });

  it('lists the keyid, sender and admin phone fields with FR and EN labels, unset at first', async () => {
    const { status, json } = await call('GET', '/settings');
    expect(status).to.equal(200);
    expect(json.provider).to.deep.equal({ name: 'isendpro', configured: false });
    expect(json.fields.map((f: { key: string }) => f.key)).to.include.members(['isendpro_keyid', 'default_sender', 'admin_phone']);
    expect(json.fields.find((f: { key: string }) => f.key === 'isendpro_keyid')).to.deep.include({
      label: { fr: 'Votre keyid', en: 'Your keyid' },
      secret: true,
      value: null,
      source: null,
    });
  });

  it('saves a keyid, tests it at once and says how many SMS it can send, in English', async () => {
    const { status, json, text } = await call('PUT', '/settings', { isendpro_keyid: FAKE_KEYID });
    expect(status).to.equal(200);
    expect(json.check).to.deep.include({ status: 'ok', message: 'You can send 343 SMS in France', credit: { amount: 10, smsFrance: 343 } });
    expect(json.provider.configured).to.equal(true);
    expect(valueOf(json, 'isendpro_keyid')).to.equal(`••••••••${FAKE_KEYID.slice(-4)}`);
    expect(text).not.to.include(FAKE_KEYID);
    const stored = await t.db.knex(t.db.ownTable('setting')).where({ name: 'isendpro_keyid' }).first();
    expect(Number(stored.is_secret)).to.equal(1);
    expect(stored.value).to.match(/^enc:v1:/).and.not.include(FAKE_KEYID);
    expect(await readSetting(t.db, 'isendpro_keyid')).to.equal(FAKE_KEYID);
  });

  it('gives the check messages in French', async () => {
    expect((await call('PUT', '/settings', { isendpro_keyid: FAKE_KEYID }, 'fr')).json.check.message).to.equal('Vous pouvez envoyer 343 SMS en France');
    expect((await call('PUT', '/settings', { isendpro_keyid: 'wrongkeyid0000' }, 'fr')).json.check.message).to.equal('Vos identifiants sont incorrects');
    fake.setSwitches({ ipAllowed: false });
    expect((await call('POST', '/settings/check', undefined, 'fr')).json.check.message).to.equal("L'adresse IP n'est pas autorisée");
  });

  it('stores a refused keyid but says the credentials are incorrect, with the provider words', async () => {
    const { json } = await call('PUT', '/settings', { isendpro_keyid: 'wrongkeyid0000' });
    expect(json.check).to.deep.include({ status: 'bad_credentials', message: 'Your credentials are incorrect', providerMessage: BAD_KEYID_MESSAGE });
    expect(valueOf(json, 'isendpro_keyid')).to.equal('••••••••0000');
  });

  it('says the IP address is not authorised when the provider refuses the caller IP', async () => {
    await call('PUT', '/settings', { isendpro_keyid: FAKE_KEYID });
    fake.setSwitches({ ipAllowed: false });
    const { json } = await call('POST', '/settings/check');
    expect(json.check).to.deep.include({ status: 'ip_not_allowed', message: 'The IP address is not authorised' });
  });

  it('says no keyid is set when checking before one was saved', async () => {
    expect((await call('POST', '/settings/check')).json.check).to.deep.include({ status: 'not_configured', message: 'No keyid is set.' });
    expect(fake.requests).to.have.length(0);
  });

  it('stores the sender and the admin mobile in E.164', async () => {
    const { status, json } = await call('PUT', '/settings', { default_sender: 'MaBoutique', admin_phone: '06 01 02 03 04' });
    expect(status).to.equal(200);
    expect(json.check).to.equal(null);
    expect([valueOf(json, 'default_sender'), valueOf(json, 'admin_phone')]).to.deep.equal(['MaBoutique', '+33601020304']);
  });

  it('refuses a bad sender and a landline with one message each, in French, and stores nothing', async () => {
    const { status, json } = await call('PUT', '/settings', { default_sender: '12345', admin_phone: '01 40 00 00 00', isendpro_keyid: FAKE_KEYID }, 'fr');
    expect(status).to.equal(400);
    expect(json.error.code).to.equal('invalid_input');
    expect(json.error.issues.map((i: { path: string }) => i.path)).to.deep.equal(['default_sender', 'admin_phone']);
    expect(json.error.issues[0].message).to.include('au moins une lettre');
    expect(json.error.issues[1].message).to.include("n'est pas un mobile");
    expect(await t.db.knex(t.db.ownTable('setting')).count({ n: '*' }).first()).to.deep.include({ n: 0 });
  });

  it('explains a short sender and an unknown setting in English', async () => {
    const { status, json } = await call('PUT', '/settings', { default_sender: 'abc', colour: 'red' });
    expect(status).to.equal(400);
    expect(json.error.issues).to.deep.equal([
      { path: 'default_sender', message: 'The sender name has 3 characters; it needs at least 4 (operators refuse shorter names).' },
      { path: 'colour', message: 'Unknown setting.' },
    ]);
  });

  it('clears a setting given null', async () => {
    await call('PUT', '/settings', { default_sender: 'MaBoutique' });
    expect(valueOf((await call('PUT', '/settings', { default_sender: null })).json, 'default_sender')).to.equal(null);
  });

  it('never writes the keyid to the logs', async () => {
    await call('PUT', '/settings', { isendpro_keyid: FAKE_KEYID });
    await call('POST', '/settings/check');
    expect(logLines.join('')).to.include('settings saved');
    expect(logLines.join('')).not.to.include(FAKE_KEYID);
  });
});
