import { expect } from 'chai';
import { createLogger } from '../../service/src/logging';
import { claimEvents, createRule, DispatchDeps, processEvent, processEvents, startOutboxConsumer, StaffChatChannel } from '../../service/src/notifications';
import { writeSetting } from '../../service/src/settings';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, COUNTRY, createShop, CURRENCY, LANG } from '../helpers/shop-fixtures';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';

const CREATED = '2026-03-01 10:00:00';
const at = (seconds: number) => `2026-03-01 10:00:${String(seconds).padStart(2, '0')}`;

/**
 * A shop whose events cover every way the context and the recipient are found: two languages
 * and currencies, delivery then invoice then other addresses, a tracking number, an opt-out, an
 * account event, an [Admin] rule, a missing order, an unknown event, PrestaShop's twin and a
 * twin of a rejected row.
 */
async function buildShop(t: TestDatabase): Promise<void> {
  await createShop(t.db);
  await writeSetting(t.db, 'admin_phone', '+33699887766');
  await t.db.knex(t.db.ownTable('opt_out')).insert({ phone: '+33677777777', source: 'manual', created_at: CREATED });
  const marie = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
  const home = await addAddress(t.db, { id_customer: marie, phone_mobile: '06 12 34 56 78' });
  const paul = await addCustomer(t.db, { firstname: 'Paul', lastname: 'Martin', email: 'p@example.com', id_lang: LANG.en });
  const office = await addAddress(t.db, { id_customer: paul, phone: '01 23 45 67 89', city: 'Lyon' });
  const brussels = await addAddress(t.db, { id_customer: paul, id_country: COUNTRY.BE, phone_mobile: '0470 12 34 56' });
  const zoe = await addCustomer(t.db, { firstname: 'Zoé', lastname: 'Petit', email: 'z@example.com' });
  const landline = await addAddress(t.db, { id_customer: zoe, phone: '01 23 45 67 89' });
  await addAddress(t.db, { id_customer: zoe, phone_mobile: '0622222222', date_add: '2026-02-01 00:00:00' });
  const out = await addCustomer(t.db, { firstname: 'Ana', email: 'a@example.com' });
  const outHome = await addAddress(t.db, { id_customer: out, phone_mobile: '06 77 77 77 77' });
  const o1 = await addOrder(t.db, { id_customer: marie, id_address_delivery: home, reference: 'AAA', current_state: 4, tracking_number: 'TRK1' });
  const o2 = await addOrder(t.db, { id_customer: paul, id_address_delivery: office, id_address_invoice: brussels, reference: 'BBB', id_lang: LANG.en, id_currency: CURRENCY.CHF, total_paid_tax_incl: '120.505000' });
  const o3 = await addOrder(t.db, { id_customer: zoe, id_address_delivery: landline, reference: 'CCC' });
  const o4 = await addOrder(t.db, { id_customer: out, id_address_delivery: outHome, reference: 'DDD' });
  await createRule(t.db, {
    id_shop: 0, audience: 'client', events: ['order_state:2', 'order_state:4'], sender: 'MaBoutique', active: true,
    message: '{client_surname} {client_name}: {order_reference} {order_state} {order_amount} {order_currency} {tracking_number} {delivery_address_city} {billing_address_country} {shop_name}',
  });
  await createRule(t.db, { id_shop: 0, audience: 'admin', events: ['order_state:4'], sender: null, active: true, message: 'Admin {order_reference} {order_state}' });
  await createRule(t.db, { id_shop: 0, audience: 'client', events: ['customer_account_created'], sender: 'Accueil', active: true, message: 'Bienvenue {client_surname} chez {shop_name}' });
  const events = [
    { event: 'order_state', id_order: o1, id_order_state: 4, created_at: at(0) },
    { event: 'order_state', id_order: o2, id_order_state: 2, created_at: at(1) },
    { event: 'order_teleported', id_order: o1, created_at: at(2) },
    { event: 'order_state', id_order: o3, id_order_state: 2, created_at: at(3) },
    { event: 'order_state', id_order: 999999, id_order_state: 4, created_at: at(4) },
    { event: 'order_state', id_order: 999999, id_order_state: 4, created_at: at(5) },
    { event: 'order_state', id_order: o4, id_order_state: 4, created_at: at(6) },
    { event: 'customer_account_created', id_customer: paul, id_shop: 2, created_at: at(7) },
    { event: 'order_state', id_order: o1, id_order_state: 4, created_at: at(8) },
    { event: 'order_state', id_order: o2, id_order_state: 4, created_at: at(9) },
  ];
  for (const e of events) await addOutboxEvent(t.db, e);
}

/** What an event left behind, without the ids and times that differ between two runs. */
async function outcome(t: TestDatabase, provider: ScriptedProvider) {
  const outbox = await t.db.knex(t.db.ownTable('event_outbox')).select('id_event', 'status', 'last_error').orderBy('id_event');
  const rows = await t.db.knex(t.db.ownTable('notification')).select('id_event', 'id_rule', 'recipient', 'sender', 'message', 'parts', 'status', 'provider_message').orderBy('id_notification');
  const sent = provider.calls.flatMap((c) => c.messages.map((m) => [m.to, m.text, c.options.sender ?? null])).sort();
  return { outbox, rows, sent };
}

describeEachDialect('notification dispatch of a claimed batch', (dialect) => {
  const made: TestDatabase[] = [];
  const deps = (t: TestDatabase, provider: ScriptedProvider): DispatchDeps => ({
    db: t.db, provider, log: createLogger('silent'), worker: 'w1', now: () => new Date('2026-03-01T10:01:00Z'), duplicateWindowSeconds: 120, retryForSeconds: 3600,
  });
  const fresh = async () => {
    const t = await dialect.create();
    made.push(t);
    await buildShop(t);
    return t;
  };
  afterEach(async () => {
    for (const t of made.splice(0)) await t.drop();
  });

  it('renders, addresses, skips and rejects a batch exactly as it does each event alone', async () => {
    const [one, all] = [await fresh(), await fresh()];
    const [p1, p2] = [scriptedProvider(), scriptedProvider()];
    const alone: string[] = [];
    for (const row of await claimEvents(one.db, 'w1', 100)) alone.push(await processEvent(deps(one, p1), row));
    const together = await processEvents(deps(all, p2), await claimEvents(all.db, 'w1', 100));
    expect(together).to.deep.equal(alone);
    expect(await outcome(all, p2)).to.deep.equal(await outcome(one, p1));
    // The fixtures do reach each case: rejections, a twin, an opt-out, the fallback address, both shops' names.
    const { outbox, rows } = await outcome(all, p2);
    expect(outbox.map((r) => r.last_error)).to.include.members(['order 999999 not found', 'duplicate of event 1']);
    expect(outbox.filter((r) => r.status === 'rejected')).to.have.length(3);
    expect(rows.map((r) => [r.recipient, r.status, r.provider_message])).to.deep.include.members([['+33677777777', 'skipped', 'opted_out'], ['+33622222222', 'sent', 'ok']]);
    expect(rows.map((r) => r.message)).to.include.members([
      'Marie Dupont: AAA Expédié 59,90 EUR TRK1 Paris France Ma Boutique',
      'Paul Martin: BBB Payment accepted 120.51 CHF  Lyon Belgique Ma Boutique',
      'Bienvenue Paul chez Boutique Lyon',
    ]);
  });

  it('sends a batch in one provider call per sender and records every answer', async () => {
    const t = await fresh();
    const provider = scriptedProvider();
    await processEvents(deps(t, provider), await claimEvents(t.db, 'w1', 100));
    expect(provider.calls.map((c) => c.options.sender ?? null).sort()).to.deep.equal(['Accueil', 'MaBoutique', null]);
    const rows = await t.db.knex(t.db.ownTable('notification')).select('id_notification', 'status', 'tracker', 'sent_at').where({ status: 'sent' });
    expect(rows).to.have.length(provider.calls.flatMap((c) => c.messages).length);
    for (const r of rows) expect(r).to.include({ tracker: `n${r.id_notification}`, sent_at: '2026-03-01 10:01:00' });
  });

  it('costs the same number of statements for 40 events as for 10', async () => {
    const statements = async (events: number) => {
      const t = await dialect.create();
      made.push(t);
      await createShop(t.db);
      await createRule(t.db, { id_shop: 0, audience: 'client', events: ['order_state:4'], sender: 'MaBoutique', active: true, message: 'Commande {order_reference} : {order_state}' });
      for (let i = 0; i < events; i++) {
        const c = await addCustomer(t.db, { email: `c${i}@example.com` });
        const a = await addAddress(t.db, { id_customer: c, phone_mobile: `06${String(10000000 + i).slice(-8)}` });
        await addOutboxEvent(t.db, { event: 'order_state', id_order: await addOrder(t.db, { id_customer: c, id_address_delivery: a }), id_order_state: 4 });
      }
      let count = 0;
      const onQuery = () => void count++;
      t.db.knex.on('query', onQuery);
      const outcomes = await processEvents({ ...deps(t, scriptedProvider()), now: () => new Date() }, await claimEvents(t.db, 'w1', 100));
      t.db.knex.off('query', onQuery);
      expect(outcomes.filter((o) => o === 'done')).to.have.length(events);
      return count;
    };
    const [ten, forty] = [await statements(10), await statements(40)];
    expect(forty).to.equal(ten);
    // Claim included (28 on MySQL today); before batching each event cost 15 (bench/notifications.ts).
    expect(forty).to.be.at.most(30);
  });

  it('processes the events of a batch that throws one by one, so the failing one holds up no other', async () => {
    const t = await fresh();
    const provider = scriptedProvider();
    await createRule(t.db, { id_shop: 2, audience: 'admin', events: ['customer_account_created'], sender: null, active: true, channels: ['telegram'], message: 'Nouveau client {client_surname}' });
    // The chat lookup of shop 2 fails: only the account event of shop 2 needs it.
    const telegram: StaffChatChannel = {
      recipients: async (idShop) => {
        if (idShop === 2) throw new Error('chat table unreadable');
        return [];
      },
      send: async (messages) => messages.map((m) => ({ to: m.to, tracker: m.tracker, status: 'accepted', code: null, message: null })),
    };
    const consumer = startOutboxConsumer({ ...deps(t, provider), telegram, now: () => new Date() }, { pollMs: 60_000 });
    const outcomes = new Map<number, string>();
    consumer.events.on('event', (id: number, o: string) => outcomes.set(id, o));
    await new Promise<void>((resolve) => consumer.events.once('idle', resolve));
    await consumer.stop();
    expect(outcomes.get(8)).to.equal('retry');
    expect([...outcomes].filter(([id]) => id !== 8).map(([, o]) => o)).to.deep.equal(['done', 'done', 'rejected', 'done', 'rejected', 'rejected', 'done', 'done', 'done']);
    const retried = await t.db.knex(t.db.ownTable('event_outbox')).first('status', 'last_error').where({ id_event: 8 });
    expect(retried).to.deep.equal({ status: 'pending', last_error: 'chat table unreadable' });
  });
});
