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

  it('after kill -9 in the middle of a campaign and a restart, sends every recipient once or marks it unknown, never twice', async function () {
    this.timeout(150_000);
    service = await spawnService(env());
    const headers = { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${service.url}/api/campaigns`, {
      method: 'POST', headers, body: JSON.stringify({ name: 'Crash', criteria: { shops: [1], criteria: [{ field: 'newsletter', value: true }] }, message: 'Promo {client_surname}', sender: 'MaBoutique' }),
    });
    const { campaign } = await created.json();
    expect((await fetch(`${service.url}/api/campaigns/${campaign.id_campaign}/send`, { method: 'POST', headers })).status).to.equal(202);
    await waitFor('the second claim to be under way', async () => fake.requests.filter((r) => r.path.endsWith('/smsmulti')).length, (n) => n >= 7).catch((err) => {
      throw new Error(`${err.message}\nservice output:\n${service!.output()}`);
    });
    await service.stop('SIGKILL');
    service = null;
    const atKill = await campaignRow(campaign.id_campaign);
    expect(atKill.status).to.equal('sending');

    fake.setSwitches({ delayMs: 0 });
    service = await spawnService(env());
    const final = await waitFor('the campaign to finish', () => campaignRow(campaign.id_campaign), (c) => c.status !== 'sending', 90_000);
    await service.stop();
    service = null;

    const numbers = fake.requests.filter((r) => r.path.endsWith('/smsmulti')).flatMap((r) => (r.body as { num: string[] }).num);
    expect(numbers.length - new Set(numbers).size, 'numbers sent twice').to.equal(0);
    const rows = await t.db.knex(t.db.ownTable('campaign_recipient')).select('phone', 'status').where({ id_campaign: campaign.id_campaign });
    expect(rows).to.have.length(CUSTOMERS);
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    expect(byStatus('sent').length + byStatus('unknown').length).to.equal(CUSTOMERS);
    expect(byStatus('unknown').length).to.be.at.most(500);
    const sentToProvider = new Set(numbers);
    for (const r of byStatus('sent')) expect(sentToProvider.has(r.phone.slice(1)), r.phone).to.equal(true);
    expect(final.status).to.equal(byStatus('unknown').length > 0 ? 'partially_sent' : 'sent');
    expect(Number(final.sent)).to.equal(byStatus('sent').length);
    expect(Number(final.unknown)).to.equal(byStatus('unknown').length);
  });
});
