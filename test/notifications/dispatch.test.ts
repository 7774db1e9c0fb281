import { expect } from 'chai';
import { createLogger } from '../../service/src/logging';
import { claimEvents, createRule, DispatchDeps, processEvent, RuleInput } from '../../service/src/notifications';
import type { SmsProvider } from '../../service/src/providers';
import { writeSetting } from '../../service/src/settings';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, COUNTRY, createShop } from '../helpers/shop-fixtures';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';

const rule = (over: Partial<RuleInput>): RuleInput => ({
  id_shop: 0,
  audience: 'client',
  events: ['order_state:4'],
  sender: 'MaBoutique',
  message: 'Cher {client_surname}, commande {order_reference} expediee.',
  active: true,
  ...over,
});

describeEachDialect('notification dispatch', (dialect) => {
  let t: TestDatabase;
  let provider: ScriptedProvider;
  let deps: DispatchDeps;
  let clock: Date;
  let order: number;
  let customer: number;

  beforeEach(async () => {
    t = await dialect.create();
    await createShop(t.db);
    provider = scriptedProvider();
    clock = new Date();
    deps = { db: t.db, provider, log: createLogger('silent'), worker: 'w1', now: () => clock, duplicateWindowSeconds: 120, retryForSeconds: 3600 };
    customer = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const home = await addAddress(t.db, { id_customer: customer, phone_mobile: '06 12 34 56 78' });
    order = await addOrder(t.db, { id_customer: customer, id_address_delivery: home, reference: 'ABCDEFGHI', current_state: 4 });
    await writeSetting(t.db, 'admin_phone', '+33699887766');
  });
  afterEach(async () => {
    await t.drop();
  });

  async function processAll(): Promise<string[]> {
    const outcomes: string[] = [];
    for (const row of await claimEvents(t.db, 'w1', 100, clock)) outcomes.push(await processEvent(deps, row));
    return outcomes;
  }
  /** Polls `check` until it holds (no fixed sleep); fails after 5 s. */
  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met within 5 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const notifications = () => t.db.knex(t.db.ownTable('notification')).select('*').orderBy('id_notification');
  const outbox = () => t.db.knex(t.db.ownTable('event_outbox')).select('*').orderBy('id_event');

  it('renders the rule for the customer and records it as sent with the provider code', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    expect(await processAll()).to.deep.equal(['done']);
    expect(provider.calls).to.have.length(1);
    expect(provider.calls[0].messages).to.deep.equal([{ to: '+33612345678', text: 'Cher Marie, commande ABCDEFGHI expediee.', tracker: provider.calls[0].messages[0].tracker }]);
    expect(provider.calls[0].options).to.include({ sender: 'MaBoutique', marketing: false });
    const [n] = await notifications();
    expect(n).to.include({ recipient: '+33612345678', status: 'sent', provider_code: '0', message: 'Cher Marie, commande ABCDEFGHI expediee.' });
    expect(n.tracker).to.equal(`n${n.id_notification}`);
    expect((await outbox())[0].status).to.equal('done');
  });

  it('sends the [Admin] version to the admin mobile of the settings', async () => {
    await createRule(t.db, rule({ audience: 'admin', message: 'Commande {order_reference} expediee.' }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    await processAll();
    expect(provider.calls[0].messages[0].to).to.equal('+33699887766');
  });

  it('never sends twice when the same event is processed again', async () => {
    await createRule(t.db, rule({}));
    const id = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    await processAll();
    await t.db.knex(t.db.ownTable('event_outbox')).where({ id_event: id }).update({ status: 'pending' });
    expect(await processAll()).to.deep.equal(['done']);
    expect(provider.calls).to.have.length(1);
    expect(await notifications()).to.have.length(1);
  });

  it('rejects a malformed row with the reason and still processes the rows after it', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_teleported', id_order: order });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: 999999, id_order_state: 4 });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    expect(await processAll()).to.deep.equal(['rejected', 'rejected', 'done']);
    const rows = await outbox();
    expect(rows.map((r) => r.status)).to.deep.equal(['rejected', 'rejected', 'done']);
    expect(rows[0].last_error).to.match(/unknown event "order_teleported"/);
    expect(rows[1].last_error).to.equal('order 999999 not found');
    expect(provider.calls).to.have.length(1);
  });

  it('retries with backoff while the provider is down, then sends once it is back', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    provider.next = () => ({ status: 'rejected', code: 'ECONNREFUSED', message: 'connection refused', retryable: true });
    expect(await processAll()).to.deep.equal(['retry']);
    expect(await processAll()).to.deep.equal([]);
    const [waiting] = await outbox();
    expect(waiting).to.include({ status: 'pending', attempts: 1 });
    clock = new Date(clock.getTime() + 60_000);
    provider.next = () => ({ status: 'accepted', code: '0', message: 'ok' });
    expect(await processAll()).to.deep.equal(['done']);
    const [n] = await notifications();
    expect(n).to.include({ status: 'sent', attempts: 2 });
  });

  it('gives up with a failed status and the reason once the retry time is over', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: '2026-01-01 10:00:00' });
    provider.next = () => ({ status: 'rejected', code: 'http_503', message: 'service unavailable', retryable: true });
    expect(await processAll()).to.deep.equal(['done']);
    const [n] = await notifications();
    expect(n.status).to.equal('failed');
    expect(n.provider_code).to.equal('http_503');
    expect(n.provider_message).to.match(/^gave up after \d+ s: service unavailable/);
  });

  it('keeps the provider code of a refused number as a final failure', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    provider.next = () => ({ status: 'rejected', code: '11', message: 'number in the blacklist' });
    await processAll();
    expect(await notifications()).to.have.length(1);
    expect((await notifications())[0]).to.include({ status: 'failed', provider_code: '11', provider_message: 'number in the blacklist' });
  });

  it('marks a message found in flight after a crash as unknown and never resends it', async () => {
    await createRule(t.db, rule({}));
    const id = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    // The instance dies during the provider call: its send never settles.
    const dying = { ...provider, send: () => new Promise<never>(() => undefined) };
    const [row] = await claimEvents(t.db, 'w1', 100, clock);
    void processEvent({ ...deps, provider: dying }, row);
    await until(async () => (await notifications())[0]?.status === 'sending');
    await t.db.knex(t.db.ownTable('event_outbox')).where({ id_event: id }).update({ claimed_until: '2000-01-01 00:00:00' });
    expect(await processAll()).to.deep.equal(['done']);
    expect((await notifications())[0]).to.include({ status: 'unknown', provider_message: 'in flight when the service stopped; not resent' });
    expect(provider.calls).to.have.length(0);
  });

  it('puts a message back to pending when the provider throws before sending, and sends it once on the retry', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    provider.next = () => {
      throw new Error('settings table unreadable');
    };
    expect(await processAll()).to.deep.equal(['retry']);
    expect((await notifications())[0]).to.include({ status: 'pending', provider_code: 'error', provider_message: 'not sent: settings table unreadable' });
    clock = new Date(clock.getTime() + 60_000);
    provider.next = () => ({ status: 'accepted', code: '0', message: 'ok' });
    expect(await processAll()).to.deep.equal(['done']);
    expect((await notifications())[0]).to.include({ status: 'sent', attempts: 2 });
    expect(provider.calls).to.have.length(2);
  });

  it('never sends a row twice when a worker that lost its claim carries on with a stale list', async () => {
    await createRule(t.db, rule({ sender: 'Premier' }));
    await createRule(t.db, rule({ audience: 'admin', sender: 'Second', message: 'Commande {order_reference}' }));
    const id = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // w1's first call (sender Premier) hangs long enough for its claim to run out.
    const slow: SmsProvider = {
      ...provider,
      async send(messages, options) {
        if (options?.sender === 'Premier') await gate;
        return provider.send(messages, options);
      },
    };
    const [row] = await claimEvents(t.db, 'w1', 100, clock);
    const first = processEvent({ ...deps, provider: slow }, row);
    await until(async () => (await notifications()).some((n) => n.sender === 'Premier' && n.status === 'sending'));
    await t.db.knex(t.db.ownTable('event_outbox')).where({ id_event: id }).update({ claimed_until: '2000-01-01 00:00:00' });
    const [again] = await claimEvents(t.db, 'w2', 100, clock);
    expect(await processEvent({ ...deps, worker: 'w2' }, again)).to.equal('done');
    release();
    await first;
    const trackers = provider.calls.flatMap((c) => c.messages.map((m) => m.tracker));
    expect(trackers).to.have.length(2);
    expect(new Set(trackers).size).to.equal(2);
    expect((await notifications()).map((n) => [n.sender, n.status])).to.deep.equal([['Premier', 'sent'], ['Second', 'sent']]);
  });

  it('honours opt-outs for [Client] messages but not for the admin', async () => {
    await createRule(t.db, rule({}));
    await createRule(t.db, rule({ audience: 'admin', message: 'Commande {order_reference}' }));
    await t.db.knex(t.db.ownTable('opt_out')).insert([
      { phone: '+33612345678', source: 'provider', created_at: '2026-01-01 00:00:00' },
      { phone: '+33699887766', source: 'provider', created_at: '2026-01-01 00:00:00' },
    ]);
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    await processAll();
    const rows = await notifications();
    expect(rows.map((r) => [r.recipient, r.status, r.provider_message])).to.deep.equal([
      ['+33612345678', 'skipped', 'opted_out'],
      ['+33699887766', 'sent', 'ok'],
    ]);
  });

  it('prefers the delivery address mobile, then the invoice one', async () => {
    const c = await addCustomer(t.db, { email: 'b@example.com' });
    await addAddress(t.db, { id_customer: c, phone_mobile: '0611111111', date_add: '2026-02-01 00:00:00' });
    const delivery = await addAddress(t.db, { id_customer: c, phone: '01 23 45 67 89' });
    const invoice = await addAddress(t.db, { id_customer: c, id_country: COUNTRY.BE, phone_mobile: '0470 12 34 56' });
    const o = await addOrder(t.db, { id_customer: c, id_address_delivery: delivery, id_address_invoice: invoice });
    await createRule(t.db, rule({ events: ['order_state:2'] }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: o, id_order_state: 2 });
    await processAll();
    // The newer third address has a mobile too: the invoice address still comes first.
    expect(provider.calls[0].messages[0].to).to.equal('+32470123456');
  });

  it('falls back to the newest other live address with a mobile when the order’s addresses have none', async () => {
    const c = await addCustomer(t.db, { email: 'c@example.com' });
    const delivery = await addAddress(t.db, { id_customer: c, phone: '01 23 45 67 89' });
    const invoice = await addAddress(t.db, { id_customer: c, phone_mobile: 'pas de mobile' });
    await addAddress(t.db, { id_customer: c, phone_mobile: '0622222222', date_add: '2026-01-15 00:00:00' });
    await addAddress(t.db, { id_customer: c, phone: '0633333333', date_add: '2026-02-01 00:00:00' });
    await addAddress(t.db, { id_customer: c, phone_mobile: '0644444444', date_add: '2026-03-01 00:00:00', deleted: 1 });
    const o = await addOrder(t.db, { id_customer: c, id_address_delivery: delivery, id_address_invoice: invoice });
    await createRule(t.db, rule({ events: ['order_state:2'] }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: o, id_order_state: 2 });
    await processAll();
    // Newest live address first (the deleted, newer one is skipped); its `phone` counts when it is a mobile.
    expect(provider.calls.flatMap((call) => call.messages.map((m) => m.to))).to.deep.equal(['+33633333333']);
  });

  it('skips with no_mobile when no live address of the customer gives a mobile', async () => {
    const c = await addCustomer(t.db, { email: 'd@example.com' });
    const delivery = await addAddress(t.db, { id_customer: c, phone: '01 23 45 67 89' });
    await addAddress(t.db, { id_customer: c, phone_mobile: '0655555555', deleted: 1 });
    const o = await addOrder(t.db, { id_customer: c, id_address_delivery: delivery });
    await createRule(t.db, rule({ events: ['order_state:2'] }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: o, id_order_state: 2 });
    await processAll();
    expect(provider.calls).to.have.length(0);
    expect((await notifications())[0]).to.include({ recipient: '', status: 'skipped', provider_message: 'no_mobile' });
  });

  it('records a skipped row saying why when there is no admin mobile', async () => {
    await writeSetting(t.db, 'admin_phone', null);
    await createRule(t.db, rule({ audience: 'admin', message: 'Commande {order_reference}' }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    await processAll();
    expect((await notifications())[0]).to.include({ recipient: '', status: 'skipped', provider_message: 'no_admin_phone' });
    expect(provider.calls).to.have.length(0);
  });

  it('replaces non-GSM characters of customer data rather than refusing an order notice to France', async () => {
    await t.db.knex(t.db.shopTable('customer')).where({ id_customer: customer }).update({ firstname: 'François' });
    await createRule(t.db, rule({ message: 'Bonjour {client_surname}' }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    await processAll();
    expect(provider.calls[0].messages[0].text).to.equal('Bonjour Francois');
  });

  it('sends nothing and finishes the event when no active rule listens to it', async () => {
    await createRule(t.db, rule({ active: false }));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    expect(await processAll()).to.deep.equal(['done']);
    expect(provider.calls).to.have.length(0);
  });

  it('uses only customer variables for an account creation, which has no order', async () => {
    await createRule(t.db, rule({ events: ['customer_account_created'], message: 'Bienvenue {client_surname} chez {shop_name}' }));
    await addOutboxEvent(t.db, { event: 'customer_account_created', id_customer: customer });
    await processAll();
    expect(provider.calls[0].messages[0]).to.include({ to: '+33612345678', text: 'Bienvenue Marie chez Ma Boutique' });
  });
});
