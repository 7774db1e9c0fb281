import { expect } from 'chai';
import { createLogger } from '../../service/src/logging';
import { claimEvents, createRule, DispatchDeps, processEvent } from '../../service/src/notifications';
import { createIsendproProvider } from '../../service/src/providers';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, createShop } from '../helpers/shop-fixtures';

/**
 * Provider failures through the real dispatcher and the real iSendPro adapter, against the fake
 * iSendPro's failure switches, read back from the history rows: what surely was not sent goes
 * back to pending and is retried; what may have been sent ends `unknown` and is never resent.
 */
describeEachDialect('notifications when iSendPro fails', (dialect) => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let deps: DispatchDeps;
  let clock: Date;
  let keyid: string;

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
    clock = new Date();
    keyid = FAKE_KEYID;
    deps = { db: t.db, provider: isendpro(fake.url, 5000), log: createLogger('silent'), worker: 'w1', now: () => clock, duplicateWindowSeconds: 120, retryForSeconds: 3600 };
    const customer = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const home = await addAddress(t.db, { id_customer: customer, phone_mobile: '06 12 34 56 78' });
    const order = await addOrder(t.db, { id_customer: customer, id_address_delivery: home, reference: 'ABCDEFGHI', current_state: 4 });
    await createRule(t.db, { id_shop: 0, audience: 'client', events: ['order_state:4'], sender: 'MaBoutique', message: 'Commande {order_reference} expediee.', active: true });
    await addOutboxEvent(t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
  });
  afterEach(async () => {
    await t.drop();
  });

  // No transport retry: each dispatcher pass is one HTTP exchange, so the fake's counts are exact.
  const isendpro = (baseUrl: string, timeoutMs: number) => createIsendproProvider({ baseUrl, settings: async () => ({ keyid, batchSize: 500 }), timeoutMs, retries: 0 });

  async function pass(): Promise<string[]> {
    const outcomes: string[] = [];
    for (const row of await claimEvents(t.db, 'w1', 100, clock)) outcomes.push(await processEvent(deps, row));
    return outcomes;
  }
  /** The next pass, once the event's retry time has come (and any claim has run out). */
  async function passLater(seconds: number): Promise<string[]> {
    clock = new Date(clock.getTime() + seconds * 1000);
    return pass();
  }
  const history = async () => {
    const rows = await t.db.knex(t.db.ownTable('notification')).select('status', 'provider_code', 'provider_message', 'attempts');
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  };
  const outbox = () => t.db.knex(t.db.ownTable('event_outbox')).first('status', 'attempts', 'last_error');
  const sends = () => fake.requests.filter((r) => r.path === '/sms').length;

  async function expectNeverResent(): Promise<void> {
    const before = sends();
    await t.db.knex(t.db.ownTable('event_outbox')).update({ status: 'pending', claimed_until: null });
    expect(await passLater(600)).to.deep.equal(['done']);
    expect(sends()).to.equal(before);
  }

  it('records an HTTP 500 as unknown (the provider may have sent it) and never resends it', async () => {
    fake.setSwitches({ faults: [{ kind: 'http', status: 500, path: '/sms' }] });
    expect(await pass()).to.deep.equal(['done']);
    expect(await history()).to.deep.equal([{ status: 'unknown', provider_code: 'http_500', provider_message: 'provider error', attempts: 1 }]);
    await expectNeverResent();
  });

  it('records a connection dropped mid-answer as unknown and never resends it', async () => {
    fake.setSwitches({ faults: [{ kind: 'drop', path: '/sms' }] });
    expect(await pass()).to.deep.equal(['done']);
    const [row] = await history();
    expect(row).to.include({ status: 'unknown', provider_message: 'connection lost during the exchange', attempts: 1 });
    await expectNeverResent();
  });

  it('records a timeout as unknown and never resends it', async () => {
    fake.setSwitches({ faults: [{ kind: 'hang', path: '/sms', times: 1 }] });
    deps.provider = isendpro(fake.url, 300);
    expect(await pass()).to.deep.equal(['done']);
    expect(await history()).to.deep.equal([{ status: 'unknown', provider_code: 'timeout', provider_message: 'no answer before the timeout', attempts: 1 }]);
    await expectNeverResent();
  });

  it('fails a blacklisted number with code 11 and the provider’s words, once', async () => {
    fake.setSwitches({ blacklisted: ['+33612345678'] });
    expect(await pass()).to.deep.equal(['done']);
    expect(await history()).to.deep.equal([{ status: 'failed', provider_code: '11', provider_message: 'Numéro en liste noire', attempts: 1 }]);
    await expectNeverResent();
  });

  it('keeps a message refused for bad credentials pending, sends it once the keyid is fixed', async () => {
    keyid = 'wrongkeyid0123456789abcdef012345';
    expect(await pass()).to.deep.equal(['retry']);
    expect(await history()).to.deep.equal([{ status: 'pending', provider_code: '1', provider_message: 'Your credentials are incorrect', attempts: 1 }]);
    expect(await outbox()).to.include({ status: 'pending', attempts: 1 });
    keyid = FAKE_KEYID;
    expect(await passLater(60)).to.deep.equal(['done']);
    expect(await history()).to.deep.equal([{ status: 'sent', provider_code: '0', provider_message: 'Envoyé', attempts: 2 }]);
    expect(sends()).to.equal(2);
  });

  it('gives up on bad credentials after the retry time, with the reason', async () => {
    keyid = 'wrongkeyid0123456789abcdef012345';
    deps.retryForSeconds = 120;
    expect(await pass()).to.deep.equal(['retry']);
    expect(await passLater(300)).to.deep.equal(['done']);
    const [row] = await history();
    expect(row).to.include({ status: 'failed', provider_code: '1', attempts: 2 });
    expect(row.provider_message).to.match(/^gave up after \d+ s: Your credentials are incorrect$/);
    expect((await outbox())!.status).to.equal('done');
  });

  it('retries an HTTP 503 (nothing processed) and sends the message once the provider is back', async () => {
    fake.setSwitches({ faults: [{ kind: 'http', status: 503, path: '/sms', times: 1 }] });
    expect(await pass()).to.deep.equal(['retry']);
    expect(await history()).to.deep.equal([{ status: 'pending', provider_code: 'http_503', provider_message: 'provider busy', attempts: 1 }]);
    expect(await passLater(60)).to.deep.equal(['done']);
    expect((await history())[0]).to.include({ status: 'sent', attempts: 2 });
    expect(sends()).to.equal(2);
  });

  it('retries when the provider cannot be reached at all, the request never written', async () => {
    const port = new URL(fake.url).port;
    deps.provider = isendpro(fake.url.replace(port, '1'), 5000);
    expect(await pass()).to.deep.equal(['retry']);
    expect(await history()).to.deep.equal([{ status: 'pending', provider_code: 'ECONNREFUSED', provider_message: 'could not connect to the provider', attempts: 1 }]);
  });
});
