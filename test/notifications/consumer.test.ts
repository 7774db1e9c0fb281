import { expect } from 'chai';
import { once } from 'node:events';
import { createLogger } from '../../service/src/logging';
import { createRule, DispatchDeps, OutboxConsumer, startOutboxConsumer } from '../../service/src/notifications';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, createShop } from '../helpers/shop-fixtures';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';

/** Resolves when `count` outbox rows have reached a final state. */
async function waitForFinished(t: TestDatabase, count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await t.db.knex(t.db.ownTable('event_outbox')).whereIn('status', ['done', 'rejected']).count({ n: '*' });
    if (Number(n) >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${count} events finished`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDialect('outbox consumer', (dialect) => {
  let t: TestDatabase;
  let provider: ScriptedProvider;
  let consumers: OutboxConsumer[];
  let order: number;

  const deps = (worker: string): DispatchDeps => ({
    db: t.db, provider, log: createLogger('silent'), worker, now: () => new Date(), duplicateWindowSeconds: 0, retryForSeconds: 60,
  });

  beforeEach(async () => {
    t = await dialect.create();
    await createShop(t.db);
    provider = scriptedProvider();
    consumers = [];
    const c = await addCustomer(t.db);
    const a = await addAddress(t.db, { id_customer: c, phone_mobile: '0612345678' });
    order = await addOrder(t.db, { id_customer: c, id_address_delivery: a });
    await createRule(t.db, { id_shop: 0, audience: 'client', events: ['order_state:4'], sender: null, message: 'Commande {order_reference} expediee', active: true });
  });
  afterEach(async () => {
    for (const c of consumers) await c.stop();
    await t.drop();
  });

  it('delivers every event that arrived while the service was stopped, each once', async () => {
    for (let i = 0; i < 30; i++) await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    consumers.push(startOutboxConsumer(deps('w1'), { pollMs: 50, batch: 7 }));
    await waitForFinished(t, 30);
    expect(provider.calls.flatMap((c) => c.messages)).to.have.length(30);
    const [{ n }] = await t.db.knex(t.db.ownTable('notification')).where({ status: 'sent' }).count({ n: '*' });
    expect(Number(n)).to.equal(30);
  });

  it('handles an event at once on wake, well before the next poll', async () => {
    const consumer = startOutboxConsumer(deps('w1'), { pollMs: 60_000 });
    consumers.push(consumer);
    await once(consumer.events, 'idle');
    const id = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    const handled = once(consumer.events, 'event');
    consumer.wake();
    const [handledId, outcome] = await handled;
    expect([handledId, outcome]).to.deep.equal([id, 'done']);
  });

  it('never sends an event twice when two instances consume the same outbox', async function () {
    if (dialect.name === 'sqlite') this.skip(); // one embedded file has one writer: several instances need MySQL
    for (let i = 0; i < 60; i++) await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    consumers.push(startOutboxConsumer(deps('w1'), { pollMs: 10, batch: 5 }), startOutboxConsumer(deps('w2'), { pollMs: 10, batch: 5 }));
    await waitForFinished(t, 60);
    const trackers = provider.calls.flatMap((c) => c.messages.map((m) => m.tracker));
    expect(trackers).to.have.length(60);
    expect(new Set(trackers).size).to.equal(60);
    const workers = await t.db.knex(t.db.ownTable('event_outbox')).distinct('claimed_by');
    expect(workers.length).to.be.greaterThan(0);
  });
});
