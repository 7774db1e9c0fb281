import { expect } from 'chai';
import { once } from 'node:events';
import { connectDatabase } from '../../service/src/db';
import { createLogger } from '../../service/src/logging';
import { createRule, DispatchDeps, OutboxConsumer, startOutboxConsumer } from '../../service/src/notifications';
import type { SmsProvider } from '../../service/src/providers';
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

/** Polls `check` until it holds (no fixed sleep). */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A provider whose sends wait until release() is called, to hold a pass in the middle. */
function gatedProvider(provider: SmsProvider): { slow: SmsProvider; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow: SmsProvider = {
    ...provider,
    async send(messages, options) {
      await gate;
      return provider.send(messages, options);
    },
  };
  return { slow, release };
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

  it('answers a burst of wakes during a pass with one more pass, not one each', async () => {
    const { slow, release } = gatedProvider(provider);
    const consumer = startOutboxConsumer({ ...deps('w1'), provider: slow }, { pollMs: 60_000 });
    consumers.push(consumer);
    await once(consumer.events, 'idle');
    let claims = 0;
    // A claim is the one statement on the outbox with a LIMIT (a locking SELECT, or SQLite's UPDATE).
    const onQuery = (q: { sql: string }) => void (/shopcast_event_outbox`.* limit /i.test(q.sql) && claims++);
    t.db.knex.on('query', onQuery);
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    consumer.wake();
    await until(async () => (await t.db.knex(t.db.ownTable('notification')).first('status'))?.status === 'sending');
    for (let i = 0; i < 50; i++) consumer.wake();
    release();
    await once(consumer.events, 'idle');
    t.db.knex.off('query', onQuery);
    expect(claims).to.equal(2);
    expect(provider.calls).to.have.length(1);
  });

  it('claims and sends without a failed pass while the shop writes events from another connection', async () => {
    const lines: string[] = [];
    const log = createLogger('warn', { write: (line: string) => void lines.push(line) });
    consumers.push(startOutboxConsumer({ ...deps('w1'), log }, { pollMs: 5, batch: 20 }));
    // The shop's own connection, as the module's hooks have: its commits land between the consumer's statements.
    const shop = connectDatabase(t.url, 'ps_');
    try {
      for (let i = 0; i < 300; i++) await addOutboxEvent(shop, { event: 'order_state', id_order: order, id_order_state: 4 });
    } finally {
      await shop.close();
    }
    await waitForFinished(t, 300);
    expect(lines, 'warnings and errors').to.deep.equal([]);
    expect(new Set(provider.calls.flatMap((c) => c.messages.map((m) => m.tracker))).size).to.equal(300);
  });

  it('never sends an event twice when two instances consume the same outbox', async function () {
    if (dialect.name === 'sqlite') this.skip(); // one embedded file has one writer: several instances need MySQL
    for (let i = 0; i < 60; i++) await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    consumers.push(startOutboxConsumer(deps('w1'), { pollMs: 10, batch: 5 }), startOutboxConsumer(deps('w2'), { pollMs: 10, batch: 5 }));
    await waitForFinished(t, 60);
    const trackers = provider.calls.flatMap((c) => c.messages.map((m) => m.tracker));
    expect(trackers).to.have.length(60);
    expect(new Set(trackers).size).to.equal(60);
    // Each event was finished by exactly one worker, and both instances took a share.
    const finished = await t.db.knex(t.db.ownTable('event_outbox')).select('claimed_by').where({ status: 'done' });
    expect(finished).to.have.length(60);
    expect(new Set(finished.map((r) => r.claimed_by))).to.deep.equal(new Set(['w1', 'w2']));
  });

  it('delivers every event once when the service stops while events arrive and starts again', async () => {
    consumers.push(startOutboxConsumer(deps('w1'), { pollMs: 20, batch: 5 }));
    const first = consumers[0];
    for (let i = 0; i < 40; i++) {
      await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
      if (i === 15) await first.stop();
    }
    const [{ n: waiting }] = await t.db.knex(t.db.ownTable('event_outbox')).whereNotIn('status', ['done', 'rejected']).count({ n: '*' });
    expect(Number(waiting)).to.be.greaterThan(0);
    consumers.push(startOutboxConsumer(deps('w1'), { pollMs: 20, batch: 5 }));
    await waitForFinished(t, 40);
    const trackers = provider.calls.flatMap((c) => c.messages.map((m) => m.tracker));
    expect(trackers).to.have.length(40);
    expect(new Set(trackers).size).to.equal(40);
    const [{ n: sent }] = await t.db.knex(t.db.ownTable('notification')).where({ status: 'sent' }).count({ n: '*' });
    expect(Number(sent)).to.equal(40);
  });

  it('gives up on an event whose processing keeps throwing: rejected with the reason after the allowed attempts', async () => {
    let clock = new Date();
    const id = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    // The shop's orders table is gone: loading the event's context throws on every attempt.
    await t.db.knex.schema.renameTable(t.db.shopTable('orders'), `${t.db.shopTable('orders')}_gone`);
    const consumer = startOutboxConsumer({ ...deps('w1'), now: () => clock, maxAttempts: 3 }, { pollMs: 20 });
    consumers.push(consumer);
    const outcomes: string[] = [];
    consumer.events.on('event', (_id: number, outcome: string) => {
      outcomes.push(outcome);
      clock = new Date(clock.getTime() + 600_000); // past the backoff, so the next poll retries
    });
    await waitForFinished(t, 1);
    expect(outcomes).to.deep.equal(['retry', 'retry', 'rejected']);
    const row = await t.db.knex(t.db.ownTable('event_outbox')).first('status', 'attempts', 'last_error').where({ id_event: id });
    expect(row.status).to.equal('rejected');
    expect(Number(row.attempts)).to.equal(2);
    expect(row.last_error).to.match(/^gave up after 3 attempts: .*orders/);
    expect(provider.calls).to.have.length(0);
  });

  it('renews its claims while a pass works, so a slow send keeps its event', async () => {
    const { slow, release } = gatedProvider(provider);
    const consumer = startOutboxConsumer({ ...deps('w1'), provider: slow }, { pollMs: 20, claimSeconds: 1 });
    consumers.push(consumer);
    const id = await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    const claim = () => t.db.knex(t.db.ownTable('event_outbox')).first('claimed_until').where({ id_event: id });
    await until(async () => (await t.db.knex(t.db.ownTable('notification')).first('status'))?.status === 'sending');
    const firstUntil = String((await claim()).claimed_until);
    await until(async () => String((await claim()).claimed_until) > firstUntil);
    release();
    await waitForFinished(t, 1);
    expect(provider.calls).to.have.length(1);
  });
});
