import { expect } from 'chai';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import type { TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, createShop } from '../helpers/shop-fixtures';
import { spawnService, SpawnedService } from '../helpers/spawn-service';
import { describePhp, expectPassed, phpDatabase, runPhp, TEST_PREFIX } from './helpers';

describePhp('end to end: PrestaShop hook -> outbox -> running service -> iSendPro', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let fake: FakeIsendpro;
  let service: SpawnedService | undefined;

  before(async () => {
    ({ database, env } = await phpDatabase());
    fake = await startFakeIsendpro();
  });
  after(async () => {
    await service?.stop();
    await fake.close();
    await database.drop();
  });

  it('sends the rule’s rendered SMS to the customer as soon as the hook wakes the service', async function () {
    this.timeout(90_000);
    const db = database.db;
    await createShop(db);
    const customer = await addCustomer(db, { firstname: 'Marie', lastname: 'Dupont' });
    const address = await addAddress(db, { id_customer: customer, phone_mobile: '06 12 34 56 78' });
    const order = await addOrder(db, { id_customer: customer, id_address_delivery: address, reference: 'E2EREF001', current_state: 4 });
    service = await spawnService({
      SHOPCAST_DB_URL: database.url, SHOPCAST_DB_PREFIX: TEST_PREFIX, SHOPCAST_PROVIDER: 'isendpro',
      SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_ISENDPRO_KEYID: FAKE_KEYID,
    });
    const rule = await fetch(`${service.url}/api/notifications/rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ audience: 'client', events: ['order_state:4'], sender: 'MaBoutique', message: 'Bonjour {client_surname}, votre commande {order_reference} est partie !' }),
    });
    expect(rule.status).to.equal(201);

    const started = Date.now();
    // The module is installed after the service first started: it makes its own secret and seals it
    // for the service, which reads it again at the first wake signed with it.
    const run = expectPassed(await runPhp('e2e.php', [String(order), String(customer)], { ...env, SHOPCAST_TEST_SERVICE_URL: service.url }), 'e2e.php');
    expect(run.output.id_event).to.be.a('number');
    const deadline = Date.now() + 20_000;
    while (!fake.requests.some((r) => /\/(sms|smsmulti)$/.test(r.path)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const latency = Date.now() - started;
    const sent = fake.requests.filter((r) => /\/(sms|smsmulti)$/.test(r.path));
    expect(sent, 'the provider received the notification').to.have.length(1);
    const body = sent[0].body as { num: string | string[]; sms: string | string[]; emetteur: string };
    expect([body.num].flat()).to.deep.equal(['33612345678']);
    expect([body.sms].flat()).to.deep.equal(['Bonjour Marie, votre commande E2EREF001 est partie !']);
    expect(body.emetteur).to.equal('MaBoutique');
    expect(sent[0].problems).to.deep.equal([]);
    // The fake records the request before it answers; the service writes the final status after the answer.
    const settled = Date.now() + 10_000;
    let history = await db.knex(db.ownTable('notification')).select('status', 'recipient', 'provider_code');
    while (history.some((h) => h.status === 'pending' || h.status === 'sending') && Date.now() < settled) {
      await new Promise((r) => setTimeout(r, 20));
      history = await db.knex(db.ownTable('notification')).select('status', 'recipient', 'provider_code');
    }
    expect(history).to.deep.equal([{ status: 'sent', recipient: '+33612345678', provider_code: '0' }]);
    console.log(`      hook to provider call: ${latency} ms (including the php process start)`);
  });
});
