import { expect } from 'chai';
import { claimDue } from '../../service/src/campaigns/due';
import { getCampaign, insertCampaign } from '../../service/src/campaigns/queries';
import { createCampaignWorker } from '../../service/src/campaigns/worker';
import { connectDatabase, ShopDb, toSqlDateTime } from '../../service/src/db';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';
import { createShop } from '../helpers/shop-fixtures';
import { people, runnerDeps } from './fixtures';

describeEachDialect('campaign scheduler tick', (dialect) => {
  let t: TestDatabase;
  let other: ShopDb;
  const now = new Date('2026-11-26T10:00:00Z');
  const minutesAgo = (m: number) => toSqlDateTime(new Date(now.getTime() - m * 60_000));

  beforeEach(async () => {
    t = await dialect.create();
    await createShop(t.db);
    // A second connection pool on the same database: what another service instance has.
    other = connectDatabase(t.url, 'ps_', dialect.name === 'mysql' ? { strictSqlMode: true } : {});
  });
  afterEach(async () => {
    await other.close();
    await t.drop();
  });

  async function campaign(status: string, changes: Record<string, unknown> = {}): Promise<number> {
    const c = await insertCampaign(t.db, { id_shop: 1, name: `C ${status}`, action: 'send', criteria: { shops: [1], criteria: [] }, message: 'Bonjour {client_surname}', sender: null });
    await t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: c.id_campaign }).update({ status, ...changes });
    return c.id_campaign;
  }
  const worker = (db: ShopDb, provider: ScriptedProvider, name: string, graceSeconds = 1800) =>
    createCampaignWorker({ ...runnerDeps(db, provider, () => people(12)), worker: name, now: () => now, missedGraceSeconds: graceSeconds });

  it('lets two instances claiming due campaigns at once take each one exactly once', async () => {
    const due = (await Promise.all(Array.from({ length: 8 }, () => campaign('scheduled', { scheduled_at: minutesAgo(1) })))).sort((x, y) => x - y);
    const [a, b] = await Promise.all([claimDue(t.db, now), claimDue(other, now)]);
    expect([...a, ...b].sort((x, y) => x - y)).to.deep.equal(due);
    expect(a.filter((id) => b.includes(id))).to.deep.equal([]);
    for (const id of due) expect((await getCampaign(t.db, id)).status).to.equal('sending');
  });

  it('sends each due campaign once when two instances tick side by side', async () => {
    const due = await Promise.all(Array.from({ length: 4 }, () => campaign('scheduled', { scheduled_at: minutesAgo(1) })));
    const [pa, pb] = [scriptedProvider(), scriptedProvider()];
    const [wa, wb] = [worker(t.db, pa, 'a'), worker(other, pb, 'b')];
    await Promise.all([wa.tick(), wb.tick()]);
    await Promise.all([wa.tick(), wb.tick()]);
    await Promise.all(due.flatMap((id) => [wa.settled(id), wb.settled(id)]));
    await Promise.all([wa.stop(), wb.stop()]);
    for (const id of due) expect(await getCampaign(t.db, id)).to.include({ status: 'sent', sent: 12 });
    const trackers = [...pa.calls, ...pb.calls].flatMap((c) => c.messages.map((m) => m.tracker));
    expect(trackers).to.have.length(4 * 12);
    expect(new Set(trackers).size).to.equal(trackers.length);
  });

  it('starts a campaign late within the configured grace, and marks a later one missed with the reason in both languages', async () => {
    const within = await campaign('scheduled', { scheduled_at: minutesAgo(5) });
    const beyond = await campaign('scheduled', { scheduled_at: minutesAgo(15) });
    const w = worker(t.db, scriptedProvider(), 'a', 10 * 60);
    await w.tick();
    await w.settled(within);
    await w.stop();
    expect((await getCampaign(t.db, within)).status).to.equal('sent');
    const missed = await getCampaign(t.db, beyond);
    expect(missed.status).to.equal('missed');
    expect(missed.error_detail?.messages).to.deep.equal({
      en: 'the service was down at the scheduled time; send, reschedule or cancel it',
      fr: "le service était arrêté à l'heure prévue ; envoyez, reprogrammez ou annulez la campagne",
    });
  });

  it('resumes campaigns paused by quiet hours once the window opens, and leaves one the merchant paused', async () => {
    const quiet = await campaign('paused', { scheduled_at: minutesAgo(1), error: 'quiet hours: resumes automatically', error_code: 'quiet_hours', error_params: '{}' });
    const older = await campaign('paused', { scheduled_at: minutesAgo(1), error: 'quiet hours: resumes automatically' });
    const notYet = await campaign('paused', { scheduled_at: toSqlDateTime(new Date(now.getTime() + 60_000)), error_code: 'quiet_hours' });
    const merchant = await campaign('paused');
    const w = worker(t.db, scriptedProvider(), 'a');
    await w.tick();
    await Promise.all([w.settled(quiet), w.settled(older)]);
    await w.stop();
    expect(await getCampaign(t.db, quiet)).to.include({ status: 'sent', error: null, error_detail: null });
    expect((await getCampaign(t.db, older)).status).to.equal('sent');
    expect((await getCampaign(t.db, notYet)).status).to.equal('paused');
    expect((await getCampaign(t.db, merchant)).status).to.equal('paused');
  });
});
