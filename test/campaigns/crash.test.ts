import { expect } from 'chai';
import { DEFAULT_SEND_WINDOW } from '../../service/src/scheduler';
import { writeSetting } from '../../service/src/settings';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addSubscribers, createShop } from '../helpers/shop-fixtures';
import { spawnService, SpawnedService } from '../helpers/spawn-service';

const CUSTOMERS = 3000;

async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachDialect('campaign crash safety', (dialect) => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let service: SpawnedService | null = null;

  before(async function () {
    this.timeout(60_000);
    t = await dialect.create();
    await createShop(t.db);
    await addSubscribers(t.db, CUSTOMERS);
    await writeSetting(t.db, 'send_window', JSON.stringify({ ...DEFAULT_SEND_WINDOW, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: 'none' }));
    await writeSetting(t.db, 'isendpro_batch_size', '100');
    fake = await startFakeIsendpro({ delayMs: 150, credit: { amount: 10000, quantite: 200000 } });
  });
  after(async () => {
    if (service) await service.stop('SIGKILL');
    await fake.close();
    await t.drop();
  });

  const env = () => ({
    SHOPCAST_DB_URL: t.url, SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_ISENDPRO_KEYID: FAKE_KEYID,
    SHOPCAST_CAMPAIGN_LEASE_SECONDS: '5', SHOPCAST_MODULE_SECRET: 'm'.repeat(40),
  });
  const campaignRow = async (id: number) => (await t.db.knex(t.db.ownTable('campaign')).first('*').where({ id_campaign: id }))!;
  const smsmulti = (from: number) => fake.requests.slice(from).filter((r) => r.path.endsWith('/smsmulti'));
  const withOutput = (svc: SpawnedService) => (err: Error) => {
    throw new Error(`${err.message}\nservice output:\n${svc.output()}`);
  };

  /** Creates a campaign to every subscriber through the service's API and asks it to send now, without waiting for the answer. */
  async function createAndSend(svc: SpawnedService, name: string): Promise<{ id: number; answered: Promise<number> }> {
    const headers = { authorization: `Bearer ${svc.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${svc.url}/api/campaigns`, {
      method: 'POST', headers, body: JSON.stringify({ name, criteria: { shops: [1], criteria: [{ field: 'newsletter', value: true }] }, message: 'Promo {client_surname}', sender: 'MaBoutique' }),
    });
    const { campaign } = await created.json();
    const answered = fetch(`${svc.url}/api/campaigns/${campaign.id_campaign}/send`, { method: 'POST', headers }).then((r) => r.status, () => 0);
    return { id: campaign.id_campaign, answered };
  }

  /** What a crash may leave, and nothing else: every recipient sent once or unknown, never twice, and totals that match the rows. */
  async function expectOnceOrUnknown(id: number, fromRequest: number): Promise<void> {
    const final = await campaignRow(id);
    const numbers = smsmulti(fromRequest).flatMap((r) => (r.body as { num: string[] }).num);
    expect(numbers.length - new Set(numbers).size, 'numbers sent twice').to.equal(0);
    const rows = await t.db.knex(t.db.ownTable('campaign_recipient')).select('phone', 'status').where({ id_campaign: id });
    expect(rows).to.have.length(CUSTOMERS);
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    expect(byStatus('sent').length + byStatus('unknown').length).to.equal(CUSTOMERS);
    expect(byStatus('unknown').length).to.be.at.most(500);
    const sentToProvider = new Set(numbers);
    for (const r of byStatus('sent')) expect(sentToProvider.has(r.phone.slice(1)), r.phone).to.equal(true);
    expect(final.status).to.equal(byStatus('unknown').length > 0 ? 'partially_sent' : 'sent');
    expect(Number(final.sent)).to.equal(byStatus('sent').length);
    expect(Number(final.unknown)).to.equal(byStatus('unknown').length);
  }

  const finished = (id: number) => waitFor('the campaign to finish', () => campaignRow(id), (c) => c.status !== 'sending', 90_000);

  /** After the last kill: the campaign is still sending; a new service at full speed finishes it, with only what a crash may leave. */
  async function restartAndFinish(id: number, from: number): Promise<void> {
    expect((await campaignRow(id)).status).to.equal('sending');
    fake.setSwitches({ delayMs: 0 });
    service = await spawnService(env());
    await finished(id);
    await service.stop();
    service = null;
    await expectOnceOrUnknown(id, from);
  }

  it('after kill -9 in the middle of a campaign and a restart, sends every recipient once or marks it unknown, never twice', async function () {
    this.timeout(150_000);
    const from = fake.requests.length;
    fake.setSwitches({ delayMs: 150 });
    service = await spawnService(env());
    const { id, answered } = await createAndSend(service, 'Crash');
    expect(await answered).to.equal(202);
    await waitFor('the second claim to be under way', async () => smsmulti(from).length, (n) => n >= 7).catch(withOutput(service));
    await service.stop('SIGKILL');
    service = null;
    await restartAndFinish(id, from);
  });

  it('survives kill -9 twice, as the run starts (before the send is even answered) and again mid-batches', async function () {
    this.timeout(180_000);
    const from = fake.requests.length;
    fake.setSwitches({ delayMs: 150 });
    service = await spawnService(env());
    const { id } = await createAndSend(service, 'Crash twice');
    // The first kill lands while the run is being set up: snapshot, cost check or first claim.
    await waitFor('the run to start', () => campaignRow(id), (c) => c.status === 'sending', 10_000).catch(withOutput(service));
    await service.stop('SIGKILL');
    const sentAtFirstKill = smsmulti(from).length;

    service = await spawnService(env());
    await waitFor('batches after the first restart', async () => smsmulti(from).length, (n) => n >= sentAtFirstKill + 4, 60_000).catch(withOutput(service));
    await service.stop('SIGKILL');
    await restartAndFinish(id, from);
  });

  it('with two instances on one database: one sends, the other takes over once the first is killed, nothing twice', async function () {
    // Instances share a database through MySQL's row locks; one SQLite file is one instance's.
    if (dialect.name === 'sqlite') this.skip();
    this.timeout(180_000);
    const from = fake.requests.length;
    fake.setSwitches({ delayMs: 150 });
    const first = await spawnService(env());
    const second = await spawnService(env());
    try {
      const { id, answered } = await createAndSend(first, 'Two instances');
      expect(await answered).to.equal(202);
      await waitFor('batches from the first instance', async () => smsmulti(from).length, (n) => n >= 5).catch(withOutput(first));
      // While the first holds the lease, the second (ticking every 10 s) leaves the campaign alone.
      const holder = (await campaignRow(id)).claimed_by;
      expect(holder).to.be.a('string');
      await first.stop('SIGKILL');
      fake.setSwitches({ delayMs: 0 });
      // Only the second is alive now: the campaign finishing is its takeover.
      await finished(id).catch(withOutput(second));
      await expectOnceOrUnknown(id, from);
    } finally {
      await first.stop('SIGKILL');
      await second.stop();
    }
  });
});
