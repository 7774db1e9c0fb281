import { expect } from 'chai';
import { createLogger } from '../../service/src/logging';
import { claimEvents, createRule, DispatchDeps, processEvent } from '../../service/src/notifications';
import { createIsendproProvider } from '../../service/src/providers';
import { writeSetting } from '../../service/src/settings';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, createShop } from '../helpers/shop-fixtures';

/** Notifications are transactional: no STOP mention counted or added by us, nostop where allowed, no quiet hours. */
describeEachDialect('transactional notifications', (dialect) => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let deps: DispatchDeps;
  let order: number;

  before(async () => {
    fake = await startFakeIsendpro();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    t = await dialect.create();
    await createShop(t.db);
    const provider = createIsendproProvider({ baseUrl: fake.url, settings: async () => ({ keyid: FAKE_KEYID, batchSize: 500 }), timeoutMs: 5000, retries: 0 });
    deps = { db: t.db, provider, log: createLogger('silent'), worker: 'w1', now: () => new Date(), duplicateWindowSeconds: 120, retryForSeconds: 3600 };
    const customer = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const home = await addAddress(t.db, { id_customer: customer, phone_mobile: '06 12 34 56 78' });
    order = await addOrder(t.db, { id_customer: customer, id_address_delivery: home, reference: 'ABCDEFGHI', current_state: 4 });
    // 160 GSM characters: one part exactly, which a counted STOP mention would push to two.
    const text = `Commande {order_reference} expediee. ${'x'.repeat(160 - 'Commande ABCDEFGHI expediee. '.length)}`;
    await createRule(t.db, { id_shop: 0, audience: 'client', events: ['order_state:4'], sender: 'MaBoutique', message: text, active: true });
  });
  afterEach(async () => {
    await t.drop();
  });

  async function ship(): Promise<{ body: Record<string, string>; parts: number }> {
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    for (const row of await claimEvents(t.db, 'w1', 100)) expect(await processEvent(deps, row)).to.equal('done');
    const sent = fake.requests.filter((r) => r.path === '/sms');
    expect(sent).to.have.length(1);
    const [n] = await t.db.knex(t.db.ownTable('notification')).select('status', 'parts');
    expect(n.status).to.equal('sent');
    return { body: sent[0].body as Record<string, string>, parts: Number(n.parts) };
  }

  it('sends a [Client] notification with nostop when the account allows it, without any STOP mention', async () => {
    await writeSetting(t.db, 'nostop_allowed', '1');
    const { body, parts } = await ship();
    expect(body.nostop).to.equal('1');
    expect(body.sms).to.have.length(160).and.not.match(/stop/i);
    expect(parts).to.equal(1);
  });

  it('sends it without nostop when the account does not allow it, still without a STOP mention of ours', async () => {
    const { body, parts } = await ship();
    expect(body).not.to.have.property('nostop');
    expect(body.sms).to.have.length(160).and.not.match(/stop/i);
    expect(parts).to.equal(1);
  });

  it('reads nostop per shop: a shop’s own setting wins over the shared one', async () => {
    await writeSetting(t.db, 'nostop_allowed', '1');
    await writeSetting(t.db, 'nostop_allowed', '0', { idShop: 1 });
    expect((await ship()).body).not.to.have.property('nostop');
  });

  it('ignores the marketing sending window', async () => {
    await writeSetting(t.db, 'send_window', JSON.stringify({ days: [], start: '08:00', end: '08:01', zone: 'Europe/Paris', holidays: 'FR' }));
    expect((await ship()).body.num).to.equal('33612345678');
  });
});
