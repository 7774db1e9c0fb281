import { expect } from 'chai';
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureSealKeys, signAdminToken, signIngress, storeModuleSecret } from '../../service/src/auth';
import { campaignRoutes, startCampaigns } from '../../service/src/campaigns';
import { startTelegram, telegramRoutes } from '../../service/src/channels/telegram';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { AppContext, createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { notificationRoutes, startNotifications } from '../../service/src/notifications';
import { createProvider } from '../../service/src/providers';
import { providerRoutes } from '../../service/src/providers/routes';
import { DEFAULT_SEND_WINDOW } from '../../service/src/scheduler';
import { writeSetting } from '../../service/src/settings';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { FAKE_TOKEN, FAKE_USERNAME, FakeTelegram, startFakeTelegram } from '../fakes/telegram';
import { sqliteDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOutboxEvent, createShop } from '../helpers/shop-fixtures';

/**
 * The flows that handle credentials (settings save and check, the bot token, a campaign through
 * iSendPro, a notification) run with every log line at trace level and every HTTP answer kept;
 * none may contain the keyid, the bot token or the module secret.
 */
describe('secrets never reach logs or HTTP answers', function () {
  this.timeout(40_000);
  const moduleSecret = crypto.randomBytes(32).toString('hex');
  const logLines: string[] = [];
  const bodies: string[] = [];
  let t: TestDatabase;
  let isendpro: FakeIsendpro;
  let tg: FakeTelegram;
  let server: Server;
  let base: string;
  const stops: Array<() => Promise<void> | void> = [];

  before(async () => {
    t = await sqliteDialect.create();
    await migrate(t.db);
    await createShop(t.db);
    for (let i = 0; i < 3; i++) {
      const c = await addCustomer(t.db, { firstname: `P${i}`, email: `leak${i}@example.com`, newsletter: 1 });
      await addAddress(t.db, { id_customer: c, phone_mobile: `06 12 34 56 ${String(i).padStart(2, '0')}` });
    }
    await storeModuleSecret(t.db, await ensureSealKeys(t.db), moduleSecret);
    await writeSetting(t.db, 'send_window', JSON.stringify({ ...DEFAULT_SEND_WINDOW, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: 'none' }));
    isendpro = await startFakeIsendpro();
    tg = await startFakeTelegram();
    tg.addBot(FAKE_TOKEN, FAKE_USERNAME);
    const log = createLogger('trace', { write: (line: string) => void logLines.push(line) });
    const config = loadConfig({ SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: isendpro.url });
    const ctx: AppContext = { db: t.db, config, log, secret: moduleSecret, provider: { name: 'isendpro', configured: async () => true } };
    // The same pieces serve.ts assembles, with Telegram pointed at the fake Bot API.
    const telegram = startTelegram(t.db, log, { apiRoot: tg.apiRoot, pollTimeoutSeconds: 1 });
    const consumer = startNotifications(t.db, config, log, { telegram: telegram.channel, pollMs: 100 });
    const provider = createProvider(config, t.db);
    const campaigns = startCampaigns(t.db, config, log, provider, { tickCron: '* * * * * *' });
    stops.push(() => campaigns.stop(), () => consumer.stop(), () => telegram.stop());
    const sets = [notificationRoutes(ctx, consumer), providerRoutes(ctx, [telegram.settings]), telegramRoutes(ctx, telegram), campaignRoutes(ctx, provider, campaigns.worker)];
    server = createApp(ctx, sets).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const s of stops) await s();
    await isendpro.close();
    await tg.close();
    await t.drop();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const token = signAdminToken(moduleSecret, { shops: [], employee: 2, exp: Math.floor(Date.now() / 1000) + 600 });
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const seen: string[] = [];
    res.headers.forEach((value, name) => seen.push(`${name}: ${value}`));
    bodies.push(`${res.status} ${method} ${path} ${seen.join("; ")} ${text}`);
    return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : null };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 150; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('runs settings, Telegram, campaign and notification flows without echoing a secret', async () => {
    const saved = await call('PUT', '/api/settings', { isendpro_keyid: FAKE_KEYID, default_sender: 'MaBoutique', admin_phone: '0612345699', telegram_bot_token: FAKE_TOKEN });
    expect(saved.status).to.equal(200);
    expect((await call('POST', '/api/settings/check', {})).status).to.equal(200);
    expect((await call('GET', '/api/settings')).status).to.equal(200);

    const created = await call('POST', '/api/campaigns', { name: 'Leak check', criteria: { shops: [1], criteria: [] }, message: 'Hello {client_surname}', sender: 'MaBoutique' });
    expect(created.status).to.equal(201);
    const id = created.json.campaign.id_campaign;
    expect((await call("POST", `/api/campaigns/${id}/send`)).status).to.be.within(200, 299);
    await until('the campaign to finish', async () => {
      const { json } = await call('GET', `/api/campaigns/${id}`);
      return json.campaign.finished_at || json.campaign.status === 'paused' ? json : undefined;
    });

    expect((await call('POST', '/api/notifications/rules', { audience: 'admin', events: ['customer_account_created'], message: 'New customer {client_name}' })).status).to.equal(201);
    await addOutboxEvent(t.db, { event: 'customer_account_created', id_customer: 1 });
    // Signed over exactly the bytes call() sends, so the wake is accepted (and proven to be).
    const wake = { id_event: 1, event: 'customer_account_created', id_shop: 1 };
    const woke = await call('POST', '/api/events/wake', wake, { 'x-shopcast-signature': signIngress(moduleSecret, JSON.stringify(wake)) });
    expect(woke.status).to.equal(202);
    await until('the notification', async () => (await t.db.knex(t.db.ownTable('notification')).first()) ?? undefined);
    await call('GET', '/api/notifications/history');
    await call('PUT', '/api/settings', { isendpro_keyid: 'wrongkeyid0000' });

    const everything = [...logLines, ...bodies].join('\n');
    expect(logLines.length).to.be.greaterThan(5);
    // At rest too: a dump of the settings table holds none of them in plain text.
    const dump = JSON.stringify(await t.db.knex(t.db.ownTable('setting')).select());
    for (const [name, secret] of [['keyid', FAKE_KEYID], ['bot token', FAKE_TOKEN.split(':')[1]], ['module secret', moduleSecret]]) {
      expect(everything.includes(secret), `${name} leaked`).to.equal(false);
      expect(dump.includes(secret), `${name} stored in plain text`).to.equal(false);
    }
  });
});
