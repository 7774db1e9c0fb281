import { expect } from 'chai';
import { markInFlightUnknown } from '../../service/src/campaigns/batches';
import { leaseCampaign } from '../../service/src/campaigns/lease';
import { getCampaign } from '../../service/src/campaigns/queries';
import { runCampaign, RunnerDeps } from '../../service/src/campaigns/runner';
import { toSqlDateTime } from '../../service/src/db';
import type { Recipient } from '../../service/src/segments';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';
import { createShop } from '../helpers/shop-fixtures';
import { people, runnerDeps, startedCampaign, waitFor } from './fixtures';

describeEachDialect('campaign lease', (dialect) => {
  let t: TestDatabase;
  let provider: ScriptedProvider;
  let recipients: Recipient[];
  let deps: RunnerDeps;

  beforeEach(async () => {
    t = await dialect.create();
    await createShop(t.db);
    provider = scriptedProvider();
    recipients = people(25);
    deps = runnerDeps(t.db, provider, () => recipients);
  });
  afterEach(async () => {
    await t.drop();
  });

  const row = (id: number) => t.db.knex(t.db.ownTable('campaign')).first('*').where({ id_campaign: id });
  const statuses = async (id: number) => {
    const rows: Array<{ status: string; n: number | string }> = await t.db.knex(t.db.ownTable('campaign_recipient')).select('status').count({ n: '*' }).where({ id_campaign: id }).groupBy('status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };
  const takeOver = (id: number, worker: string) =>
    t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: id }).update({ claimed_by: worker, claimed_until: toSqlDateTime(new Date(Date.now() + 600_000)) });
  const sentPhones = () => provider.calls.flatMap((c) => c.messages.map((m) => m.to));
  const wrapSend = (after: (call: number) => Promise<void>) => {
    const send = provider.send;
    provider.send = async (messages, options) => {
      const out = await send(messages, options);
      await after(provider.calls.length);
      return out;
    };
  };

  it('stops quietly when another instance took the lease, instead of finishing the campaign early', async () => {
    const id = await startedCampaign(t.db);
    wrapSend(async (call) => {
      if (call === 1) await takeOver(id, 'w2');
    });
    const first = await runCampaign(deps, id);
    expect(first).to.include({ status: 'sending', sent: 10, finished_at: null });
    expect((await row(id))!.claimed_by).to.equal('w2');
    await t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: id }).update({ claimed_until: '2000-01-01 00:00:00' });
    const done = await runCampaign({ ...deps, worker: 'w2' }, id);
    expect(done).to.include({ status: 'sent', sent: 25, unknown: 0 });
    expect(sentPhones()).to.have.length(25);
    expect(new Set(sentPhones()).size).to.equal(25);
  });

  it('counts a batch once when a takeover marks it unknown while the first instance still waits for the provider', async () => {
    const id = await startedCampaign(t.db);
    wrapSend(async (call) => {
      if (call !== 2) return;
      // What the instance taking over does first, while this one's second batch is in flight.
      await takeOver(id, 'w2');
      await markInFlightUnknown(t.db, id);
    });
    const first = await runCampaign(deps, id);
    expect(first).to.include({ status: 'sending', sent: 10, unknown: 10 });
    expect(await statuses(id)).to.deep.equal({ sent: 10, unknown: 10, pending: 5 });
    await t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: id }).update({ claimed_until: '2000-01-01 00:00:00' });
    const done = await runCampaign({ ...deps, worker: 'w2' }, id);
    expect(done).to.include({ status: 'partially_sent', sent: 15, unknown: 10, failed: 0 });
    expect(await statuses(id)).to.deep.equal({ sent: 15, unknown: 10 });
    expect(new Set(sentPhones()).size).to.equal(sentPhones().length);
  });

  it('renews its lease during a provider call longer than the lease, so no other instance can take a healthy run', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    deps = { ...deps, now: () => new Date(clock), leaseSeconds: 60, heartbeatMs: 10 };
    const id = await startedCampaign(t.db);
    let rivalTook: boolean | null = null;
    wrapSend(async (call) => {
      if (call !== 1) return;
      clock += 120_000;
      await waitFor('the heartbeat to renew the lease', async () => (await row(id))!.claimed_until, (until) => String(until) > toSqlDateTime(new Date(clock)));
      rivalTook = await leaseCampaign(t.db, id, 'w2', 60, new Date(clock));
    });
    const done = await runCampaign(deps, id);
    expect(rivalTook).to.equal(false);
    expect(done).to.include({ status: 'sent', sent: 25 });
  });

  it('renews its lease while the snapshot evaluates a long segment', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    let rivalTook: boolean | null = null;
    const id = await startedCampaign(t.db);
    deps = {
      ...deps,
      now: () => new Date(clock),
      heartbeatMs: 10,
      source: async function* () {
        yield* recipients.slice(0, 10);
        clock += 120_000;
        await waitFor('the heartbeat to renew the lease', async () => (await row(id))!.claimed_until, (until) => String(until) > toSqlDateTime(new Date(clock)));
        rivalTook = await leaseCampaign(t.db, id, 'w2', 60, new Date(clock));
        yield* recipients.slice(10);
      },
    };
    const done = await runCampaign(deps, id);
    expect(rivalTook).to.equal(false);
    expect(done).to.include({ status: 'sent', recipients: 25, sent: 25 });
  });

  it('leaves the snapshot to the instance that took the campaign over during it', async () => {
    const id = await startedCampaign(t.db);
    deps = {
      ...deps,
      source: async function* () {
        yield* recipients.slice(0, 10);
        await takeOver(id, 'w2');
        yield* recipients.slice(10);
      },
    };
    const first = await runCampaign(deps, id);
    expect(first).to.include({ status: 'sending', snapshot_done: false });
    expect(provider.calls).to.have.length(0);
    expect((await getCampaign(t.db, id)).estimated_cost).to.equal(null);
  });
});
