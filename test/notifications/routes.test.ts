import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAdminToken, signIngress } from '../../service/src/auth';
import { loadConfig } from '../../service/src/config';
import { createApp } from '../../service/src/http';
import { createLogger } from '../../service/src/logging';
import { createRules, listRules, notificationRoutes, OutboxConsumer } from '../../service/src/notifications';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { createShop } from '../helpers/shop-fixtures';

const secret = 'k'.repeat(64);

describeEachDialect('notification HTTP API', (dialect) => {
  let t: TestDatabase;
  let server: Server;
  let base: string;
  let wakes = 0;

  before(async () => {
    t = await dialect.create();
    await createShop(t.db);
    const consumer = { wake: () => void wakes++ } as unknown as OutboxConsumer;
    const ctx = { db: t.db, config: loadConfig({}), log: createLogger('silent'), secret, provider: { name: 'sandbox', configured: async () => true } };
    server = createApp(ctx, [notificationRoutes(ctx, consumer)]).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await t.drop();
  });

  const token = (shops: number[] = []) => signAdminToken(secret, { shops, employee: 1, exp: Math.floor(Date.now() / 1000) + 600 });
  const call = (method: string, path: string, body?: unknown, shops: number[] = [], lang = 'en') =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token(shops)}`, 'content-type': 'application/json', 'accept-language': lang },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lists the event catalogue with the shop’s own states and the variables each event allows', async () => {
    const res = await call('GET', '/notifications/events');
    const { events } = await res.json();
    expect(events.map((e: { key: string }) => e.key)).to.include.members(['order_state:1', 'order_state:14', 'customer_account_created']);
    const account = events.find((e: { key: string }) => e.key === 'customer_account_created');
    expect(account.variables).to.include('client_name').and.not.include('order_reference');
  });

  it('creates, lists, disables, edits and deletes a rule', async () => {
    const created = await call('POST', '/notifications/rules', { audience: 'client', events: ['order_state:4'], message: 'Commande {order_reference} expediee' });
    expect(created.status).to.equal(201);
    const { rule } = await created.json();
    expect(rule).to.include({ audience: 'client', active: true, id_shop: 0 });
    const disabled = await call('PATCH', `/notifications/rules/${rule.id_rule}`, { active: false });
    expect((await disabled.json()).rule.active).to.equal(false);
    const edited = await call('PUT', `/notifications/rules/${rule.id_rule}`, { audience: 'admin', events: ['order_state:5', 'order_state:4'], message: 'Livree {order_reference}' });
    expect((await edited.json()).rule.events).to.deep.equal(['order_state:5', 'order_state:4']);
    const listed = await (await call('GET', '/notifications/rules')).json();
    expect(listed.rules.map((r: { id_rule: number }) => r.id_rule)).to.include(rule.id_rule);
    expect((await call('DELETE', `/notifications/rules/${rule.id_rule}`)).status).to.equal(204);
    expect((await call('DELETE', `/notifications/rules/${rule.id_rule}`)).status).to.equal(404);
  });

  it('refuses a rule with an unknown variable, with the problem named and nothing saved', async () => {
    const before = (await (await call('GET', '/notifications/rules')).json()).rules.length;
    const res = await call('POST', '/notifications/rules', { audience: 'client', events: ['order_state:4'], message: 'Hello {prenom}' });
    expect(res.status).to.equal(400);
    const { error } = await res.json();
    expect(error.issues).to.deep.equal([
      { path: 'message', message: '{prenom} is not a known variable', messages: { en: '{prenom} is not a known variable', fr: "{prenom} n'est pas une variable connue" } },
    ]);
    expect((await (await call('GET', '/notifications/rules')).json()).rules).to.have.length(before);
  });

  it('creates the [Admin] and [Client] rules of one form in one request, or neither', async () => {
    const admin = { audience: 'admin', events: ['order_state:4'], channels: ['sms'], message: 'Commande {order_reference} expediee' };
    const client = { audience: 'client', events: ['order_state:4'], message: 'Votre commande {order_reference} est partie' };
    const before = (await (await call('GET', '/notifications/rules')).json()).rules.length;
    const refused = await call('POST', '/notifications/rules', { rules: [admin, { ...client, message: 'Bonjour {prenom}' }] }, [], 'fr');
    expect(refused.status).to.equal(400);
    const { error } = await refused.json();
    expect(error.issues.map((i: { path: string; message: string }) => [i.path, i.message])).to.deep.equal([['rules[1].message', "{prenom} n'est pas une variable connue"]]);
    expect((await (await call('GET', '/notifications/rules')).json()).rules).to.have.length(before);
    const created = await call('POST', '/notifications/rules', { rules: [admin, client] });
    expect(created.status).to.equal(201);
    const { rules } = await created.json();
    expect(rules.map((r: { audience: string }) => r.audience)).to.deep.equal(['admin', 'client']);
    expect((await (await call('GET', '/notifications/rules')).json()).rules).to.have.length(before + 2);
    const other = await call('POST', '/notifications/rules', { rules: [{ ...admin, id_shop: 1 }, { ...client, id_shop: 2 }] }, [1]);
    expect(other.status).to.equal(401);
    expect((await (await call('GET', '/notifications/rules')).json()).rules).to.have.length(before + 2);
  });

  it('rolls the first rule back when saving the second fails in the database', async () => {
    const before = (await listRules(t.db)).length;
    const good = { id_shop: 0, audience: 'admin' as const, events: ['order_state:4'], sender: null, message: 'x', active: true };
    // The same event twice breaks the rule-event primary key, after the first rule was inserted.
    const broken = { ...good, events: ['order_state:5', 'order_state:5'] };
    let failed = false;
    try {
      await createRules(t.db, [good, broken]);
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
    expect(await listRules(t.db)).to.have.length(before);
  });

  it('keeps a token for shop 1 away from shop 2 and from shop-wide rules', async () => {
    const mine = await call('POST', '/notifications/rules', { audience: 'client', events: ['order_state:4'], message: 'x {order_reference}' }, [1]);
    expect((await mine.json()).rule.id_shop).to.equal(1);
    const other = await call('POST', '/notifications/rules', { id_shop: 2, audience: 'client', events: ['order_state:4'], message: 'x' }, [1]);
    expect(other.status).to.equal(401);
    const shared = await call('POST', '/notifications/rules', { id_shop: 0, audience: 'client', events: ['order_state:4'], message: 'x' }, [1]);
    expect(shared.status).to.equal(401);
  });

  it('pages and filters the history and exports it as CSV with semicolons and as JSON', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => ({
      id_event: i + 1, id_rule: 1, id_shop: 1, event: 'order_state:4', recipient: `+3361234567${i}`, sender: 'Shop', message: `Message ${i}; "quoted"`,
      parts: 1, status: i === 2 ? 'failed' : 'sent', provider_code: i === 2 ? '21' : '0', created_at: `2026-03-0${i + 1} 10:00:00`,
    }));
    await t.db.knex(t.db.ownTable('notification')).insert(rows);
    const page = await (await call('GET', '/notifications/history?per_page=2')).json();
    expect(page.total).to.equal(3);
    expect(page.rows.map((r: { recipient: string }) => r.recipient)).to.deep.equal(['+33612345672', '+33612345671']);
    const failed = await (await call('GET', '/notifications/history?code=21')).json();
    expect(failed.rows).to.have.length(1);
    const byPhone = await (await call('GET', '/notifications/history?phone=45671')).json();
    expect(byPhone.rows.map((r: { recipient: string }) => r.recipient)).to.deep.equal(['+33612345671']);
    const byDate = await (await call('GET', '/notifications/history?from=2026-03-02&to=2026-03-02')).json();
    expect(byDate.total).to.equal(1);
    const bad = await call('GET', '/notifications/history?from=yesterday');
    expect(bad.status).to.equal(400);
    const csv = await (await call('GET', '/notifications/history/export?format=csv')).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.match(/^id_notification;created_at;recipient;message;/);
    expect(lines).to.have.length(4);
    expect(lines[1]).to.include('"Message 2; ""quoted"""');
    expect(lines[1], 'a phone number is not a formula').to.include(';+33612345672;');
    const json = await (await call('GET', '/notifications/history/export?format=json')).json();
    expect(json.map((r: { recipient: string }) => r.recipient)).to.deep.equal(['+33612345672', '+33612345671', '+33612345670']);
  });

  it('exports message texts that start like a formula with a leading quote in CSV, as they are in JSON', async () => {
    const texts = ['=HYPERLINK("http://x.test","Click")', '+1+2', '-2 items', '@SUM(A1)', 'Plain -5'];
    await t.db.knex(t.db.ownTable('notification')).insert(
      texts.map((message, i) => ({ id_event: 100 + i, id_rule: 1, id_shop: 1, event: 'order_state:4', recipient: '+33699999990', message, parts: 1, status: 'sent', created_at: `2026-03-0${i + 1} 10:00:00` })),
    );
    const csv = await (await call('GET', '/notifications/history/export?format=csv&phone=99999990')).text();
    const cells = csv.replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((line) => line.split(';')[3]);
    expect(cells).to.deep.equal(['Plain -5', "'@SUM(A1)", "'-2 items", "'+1+2", `"'=HYPERLINK(""http://x.test"",""Click"")"`]);
    const json = await (await call('GET', '/notifications/history/export?format=json&phone=99999990')).json();
    expect(json.map((r: { message: string }) => r.message)).to.deep.equal([...texts].reverse());
  });

  it('wakes the consumer on a signed module call and refuses an unsigned one', async () => {
    const body = JSON.stringify({ id_event: 1 });
    const ok = await fetch(`${base}/events/wake`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(secret, body) }, body });
    expect(ok.status).to.equal(202);
    const forged = await fetch(`${base}/events/wake`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress('x'.repeat(64), body) }, body });
    expect(forged.status).to.equal(401);
    expect(wakes).to.equal(1);
  });

  it('refuses every notification endpoint without a token', async () => {
    for (const [method, path] of [['GET', '/notifications/rules'], ['POST', '/notifications/rules'], ['GET', '/notifications/history'], ['GET', '/notifications/history/export'], ['GET', '/notifications/events'], ['DELETE', '/notifications/rules/1']]) {
      const res = await fetch(`${base}${path}`, { method });
      expect(res.status, `${method} ${path}`).to.equal(401);
    }
  });
});
