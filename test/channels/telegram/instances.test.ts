import { expect } from 'chai';
import { createLinkCode, redeemLinkCode } from '../../../service/src/channels/telegram';
import { createLogger } from '../../../service/src/logging';
import { createRule, DispatchDeps, OutboxConsumer, startOutboxConsumer } from '../../../service/src/notifications';
import { describeEachDialect } from '../../helpers/databases';
import { scriptedProvider } from '../../helpers/scripted-provider';
import { addAddress, addCustomer, addOrder, addOutboxEvent } from '../../helpers/shop-fixtures';
import { startRig, TelegramRig } from './helpers';

/** Resolves once `count` outbox rows are final. */
async function finished(rig: TelegramRig, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await rig.t.db.knex(rig.t.db.ownTable('event_outbox')).whereIn('status', ['done', 'rejected']).count({ n: '*' });
    if (Number(n) >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${count} events finished`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDialect('Telegram notifications with several instances', (dialect) => {
  let rig: TelegramRig;
  let consumers: OutboxConsumer[];

  beforeEach(async () => {
    rig = await startRig(dialect);
    consumers = [];
  });
  afterEach(async () => {
    for (const c of consumers) await c.stop();
    await rig.close();
  });

  it('sends each message once when a slow Bot API outlasts the claims of two consumers', async function () {
    if (dialect.name === 'sqlite') this.skip(); // several instances share a database through MySQL's row locks
    this.timeout(90_000);
    const chats = [111, 222, 333];
    for (const id of chats) {
      const { code } = await createLinkCode(rig.t.db, { idShop: 1, employee: 1, now: new Date() });
      expect((await redeemLinkCode(rig.t.db, code, { id, type: 'private', title: `Chat ${id}` }, new Date())).status).to.equal('linked');
    }
    const customer = await addCustomer(rig.t.db);
    const home = await addAddress(rig.t.db, { id_customer: customer, phone_mobile: '0612345678' });
    const order = await addOrder(rig.t.db, { id_customer: customer, id_address_delivery: home, reference: 'SLOWORDER' });
    await createRule(rig.t.db, { id_shop: 0, audience: 'admin', events: ['order_state:4', 'order_state:5'], sender: null, message: 'Commande {order_reference} : {order_state}', active: true, channels: ['telegram'] });
    // Each answer takes longer than a claim lasts: only the renewal keeps an event with its worker.
    rig.fake.slowSends(1500);
    const deps = (worker: string): DispatchDeps => ({
      db: rig.t.db, provider: scriptedProvider(), log: createLogger('silent'), worker, now: () => new Date(), duplicateWindowSeconds: 0, retryForSeconds: 600, telegram: rig.telegram.channel,
    });
    await addOutboxEvent(rig.t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    await addOutboxEvent(rig.t.db, { event: 'order_state', id_order: order, id_order_state: 5 });
    consumers.push(
      startOutboxConsumer(deps('w1'), { pollMs: 50, batch: 1, claimSeconds: 1 }),
      startOutboxConsumer(deps('w2'), { pollMs: 50, batch: 1, claimSeconds: 1 }),
    );
    await finished(rig, 2);
    const sends = rig.fake.calls.filter((c) => c.method === 'sendMessage');
    for (const id of chats) expect(sends.filter((c) => c.payload.chat_id === id).map((c) => c.payload.text), `chat ${id}`).to.have.members(['Commande SLOWORDER : Expédié', 'Commande SLOWORDER : Livré']);
    expect(sends).to.have.length(6);
    const rows = await rig.t.db.knex(rig.t.db.ownTable('notification')).select('status');
    expect(rows.map((r) => r.status)).to.deep.equal(Array(6).fill('sent'));
  });
});
