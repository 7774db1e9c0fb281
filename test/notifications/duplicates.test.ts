import { expect } from 'chai';
import { createLogger } from '../../service/src/logging';
import { claimEvents, createRule, DispatchDeps, processEvent, RuleInput } from '../../service/src/notifications';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, createShop } from '../helpers/shop-fixtures';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';

const rule = (over: Partial<RuleInput>): RuleInput => ({
  id_shop: 0, audience: 'client', events: ['order_state:4'], sender: null, message: 'Commande {order_reference} : {order_state}', active: true, ...over,
});

/** PrestaShop's double status hook is suppressed; everything that only looks like it is not. */
describeEachDialect('duplicate order-state hooks', (dialect) => {
  let t: TestDatabase;
  let provider: ScriptedProvider;
  let deps: DispatchDeps;
  let order: number;
  const clock = new Date('2026-03-02T10:00:00Z');
  const at = (secondsBefore: number) => new Date(clock.getTime() - secondsBefore * 1000).toISOString().slice(0, 19).replace('T', ' ');

  beforeEach(async () => {
    t = await dialect.create();
    await createShop(t.db);
    provider = scriptedProvider();
    deps = { db: t.db, provider, log: createLogger('silent'), worker: 'w1', now: () => clock, duplicateWindowSeconds: 120, retryForSeconds: 3600 };
    const customer = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const home = await addAddress(t.db, { id_customer: customer, phone_mobile: '06 12 34 56 78' });
    order = await addOrder(t.db, { id_customer: customer, id_address_delivery: home, reference: 'ABCDEFGHI', current_state: 4, tracking_number: 'TRK1' });
  });
  afterEach(async () => {
    await t.drop();
  });

  async function processAll(): Promise<string[]> {
    const outcomes: string[] = [];
    for (const row of await claimEvents(t.db, 'w1', 100, clock)) outcomes.push(await processEvent(deps, row));
    return outcomes;
  }
  const outbox = () => t.db.knex(t.db.ownTable('event_outbox')).select('id_event', 'status', 'last_error').orderBy('id_event');
  const sentTexts = () => provider.calls.flatMap((c) => c.messages.map((m) => m.text));

  it('sends once when PrestaShop fires the same state twice for a new order', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: at(5) });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: at(5) });
    expect(await processAll()).to.deep.equal(['done', 'done']);
    expect(sentTexts()).to.deep.equal(['Commande ABCDEFGHI : Expédié']);
    const rows = await outbox();
    expect(rows[1].last_error).to.equal(`duplicate of event ${rows[0].id_event}`);
  });

  it('sends again when the order reaches the same state much later', async () => {
    await createRule(t.db, rule({}));
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: '2026-01-01 10:00:00' });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: '2026-01-02 10:00:00' });
    await processAll();
    expect(provider.calls).to.have.length(2);
  });

  it('notifies each step of an order going 2 -> 3 -> 2 within the window', async () => {
    await createRule(t.db, rule({ events: ['order_state:2', 'order_state:3'] }));
    for (const [state, ago] of [[2, 30], [3, 20], [2, 10]]) await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: state, created_at: at(ago) });
    expect(await processAll()).to.deep.equal(['done', 'done', 'done']);
    expect(sentTexts()).to.deep.equal(['Commande ABCDEFGHI : Paiement accepté', 'Commande ABCDEFGHI : En cours de préparation', 'Commande ABCDEFGHI : Paiement accepté']);
    expect((await outbox()).map((r) => r.last_error)).to.deep.equal([null, null, null]);
  });

  it('notifies a corrected tracking number a few seconds after the first one', async () => {
    await createRule(t.db, rule({ events: ['tracking_number_updated'], message: 'Suivi {order_reference} : {tracking_number}' }));
    await addOutboxEvent(t.db, { event: 'tracking_number_updated', id_order: order, created_at: at(10) });
    await processAll();
    await t.db.knex(t.db.shopTable('order_carrier')).where({ id_order: order }).update({ tracking_number: 'TRK2' });
    await addOutboxEvent(t.db, { event: 'tracking_number_updated', id_order: order, created_at: at(5) });
    await processAll();
    expect(sentTexts()).to.deep.equal(['Suivi ABCDEFGHI : TRK1', 'Suivi ABCDEFGHI : TRK2']);
  });

  it('does not count a rejected earlier row as the twin of a good one', async () => {
    await createRule(t.db, rule({}));
    const first = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: at(10) });
    await t.db.knex(t.db.ownTable('event_outbox')).where({ id_event: first }).update({ status: 'rejected', last_error: 'test' });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: at(5) });
    expect(await processAll()).to.deep.equal(['done']);
    expect(provider.calls).to.have.length(1);
  });

  it('keeps the twin rule to one order: the same state on another order is sent', async () => {
    await createRule(t.db, rule({}));
    const customer = await addCustomer(t.db, { firstname: 'Paul', lastname: 'Durand', email: 'p@example.com' });
    const home = await addAddress(t.db, { id_customer: customer, phone_mobile: '06 22 33 44 55' });
    const other = await addOrder(t.db, { id_customer: customer, id_address_delivery: home, reference: 'ZZZZZZZZZ', current_state: 4 });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4, created_at: at(5) });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: other, id_order_state: 4, created_at: at(5) });
    await processAll();
    expect(sentTexts()).to.deep.equal(['Commande ABCDEFGHI : Expédié', 'Commande ZZZZZZZZZ : Expédié']);
  });
});
