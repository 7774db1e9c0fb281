import { expect } from 'chai';
import { insertCampaign, transitionCampaign } from '../../service/src/campaigns/queries';
import { runCampaign, RunnerDeps } from '../../service/src/campaigns/runner';
import { createLogger } from '../../service/src/logging';
import { DEFAULT_SEND_WINDOW } from '../../service/src/scheduler';
import type { Recipient } from '../../service/src/segments';
import { writeSetting } from '../../service/src/settings';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';
import { createShop } from '../helpers/shop-fixtures';
import { ALWAYS, people } from './fixtures';

describeEachDialect('campaign runner', (dialect) => {
  let t: TestDatabase;
  let provider: ScriptedProvider;
  let recipients: Recipient[];
  let deps: RunnerDeps;

  beforeEach(async () => {
    t = await dialect.create();
    await createShop(t.db);
    provider = scriptedProvider();
    recipients = people(25);
    deps = {
      db: t.db, provider, log: createLogger('silent'), worker: 'w1', now: () => new Date(),
      source: async function* () { yield* recipients; },
      sendWindow: async () => ALWAYS, batchSize: 10, leaseSeconds: 60, pauseAfterFailures: 2, retryDelayMs: 1,
    };
  });
  afterEach(async () => {
    await t.drop();
  });

  async function started(message = 'Bonjour {client_surname}, -20% chez {shop_name}', action: 'send' | 'export' = 'send') {
    const c = await insertCampaign(t.db, { id_shop: 1, name: 'Soldes', action, criteria: { shops: [1], criteria: [] }, message, sender: 'MaBoutique' });
    await transitionCampaign(t.db, c.id_campaign, 'start');
    return c.id_campaign;
  }
  const sentPhones = () => provider.calls.flatMap((c) => c.messages.map((m) => m.to));
  const rows = (id: number) => t.db.knex(t.db.ownTable('campaign_recipient')).where({ id_campaign: id }).orderBy('id_recipient');

  it('snapshots the segment, sends every recipient once in batches and finishes sent with its cost', async () => {
    recipients.push({ ...recipients[0], id_customer: 99 });
    const id = await started();
    const done = await runCampaign(deps, id);
    expect(done).to.include({ status: 'sent', recipients: 25, sent: 25, failed: 0, unknown: 0, parts: 1 });
    expect(done.estimated_cost).to.equal('1.1250');
    expect(Number(done.cost)).to.equal(1.125);
    expect(provider.calls.map((c) => c.messages.length)).to.deep.equal([10, 10, 5]);
    expect(new Set(sentPhones()).size).to.equal(25);
    expect(provider.calls[0].messages[0]).to.include({ text: 'Bonjour Prenom0, -20% chez Ma Boutique', tracker: `c${id}r1` });
    expect(provider.calls[0].options).to.deep.equal({ sender: 'MaBoutique', marketing: true });
    expect((await rows(id)).every((r) => r.status === 'sent' && r.provider_code === '0' && r.sent_at)).to.equal(true);
  });

  it('prices each part by destination country from the settings', async () => {
    await writeSetting(t.db, 'sms_prices', JSON.stringify({ FR: '0.05', BE: '0.10', default: '0.20' }));
    recipients = [...people(2), ...people(1, 'BE').map((r) => ({ ...r, id_customer: 50, phone: '+32470000001' }))];
    const done = await runCampaign(deps, await started('x'.repeat(200)));
    expect(done.parts).to.equal(2);
    expect(done.estimated_cost).to.equal('0.4000');
  });

  it('ends partially sent with the provider’s code for each refused number', async () => {
    provider.next = (m) => (m.to.endsWith('0003') ? { status: 'rejected', code: '11', message: 'blacklisted' } : m.to.endsWith('0004') ? { status: 'rejected', code: '21', message: 'not assigned' } : { status: 'accepted', code: '0', message: null });
    const id = await started();
    const done = await runCampaign(deps, id);
    expect(done).to.include({ status: 'partially_sent', sent: 23, failed: 2 });
    const failed = (await rows(id)).filter((r) => r.status === 'failed').map((r) => [r.phone.slice(-4), r.provider_code, r.provider_message]);
    expect(failed).to.deep.equal([['0003', '11', 'blacklisted'], ['0004', '21', 'not assigned']]);
  });

  it('refuses a campaign that costs more than the credit before sending anything', async () => {
    provider.creditAmount = 0.5;
    const done = await runCampaign(deps, await started());
    expect(done.status).to.equal('failed');
    expect(done.error).to.match(/^insufficient credit: the campaign costs about 1\.1250 EUR and the account has 0\.50 EUR; nothing was sent/);
    expect(provider.calls).to.have.length(0);
  });

  it('after a crash during a batch, marks that batch unknown, sends the rest, and sends nobody twice', async () => {
    let calls = 0;
    provider.next = () => {
      if (++calls === 11) throw new Error('killed');
      return { status: 'accepted', code: '0', message: null };
    };
    const id = await started();
    try {
      await runCampaign(deps, id);
    } catch {
      // the process "died" in the middle of the second batch
    }
    await t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: id }).update({ claimed_until: '2000-01-01 00:00:00' });
    const done = await runCampaign({ ...deps, worker: 'w2' }, id);
    expect(done).to.include({ status: 'partially_sent', sent: 15, unknown: 10, failed: 0 });
    const phones = sentPhones();
    expect(phones.length - new Set(phones).size).to.equal(0);
  });

  it('stops between batches when paused, and resumes where it stopped', async () => {
    const id = await started();
    provider.next = () => ({ status: 'accepted', code: '0', message: null });
    const origSend = provider.send;
    provider.send = async (messages, options) => {
      const out = await origSend(messages, options);
      if (provider.calls.length === 1) await transitionCampaign(t.db, id, 'pause');
      return out;
    };
    expect((await runCampaign(deps, id)).status).to.equal('paused');
    expect(sentPhones()).to.have.length(10);
    await transitionCampaign(t.db, id, 'resume');
    const done = await runCampaign(deps, id);
    expect(done).to.include({ status: 'sent', sent: 25 });
    expect(new Set(sentPhones()).size).to.equal(25);
  });

  it('pauses when the provider keeps refusing connections, losing nobody, and completes once resumed', async () => {
    provider.next = () => ({ status: 'rejected', code: 'ECONNREFUSED', message: 'connection refused', retryable: true });
    const id = await started();
    const paused = await runCampaign(deps, id);
    expect(paused.status).to.equal('paused');
    expect(paused.error).to.equal('paused after 2 failed attempts: connection refused');
    expect((await rows(id)).every((r) => r.status === 'pending')).to.equal(true);
    provider.next = () => ({ status: 'accepted', code: '0', message: null });
    await transitionCampaign(t.db, id, 'resume');
    expect(await runCampaign(deps, id)).to.include({ status: 'sent', sent: 25 });
  });

  it('pauses at the end of the send window and says when it resumes', async () => {
    deps.sendWindow = async () => DEFAULT_SEND_WINDOW;
    deps.now = () => new Date('2026-11-26T21:00:00+01:00');
    const id = await started();
    const paused = await runCampaign(deps, id);
    expect(paused).to.include({ status: 'paused', scheduled_at: '2026-11-27 07:00:00', error: 'quiet hours: resumes automatically' });
    expect(paused.error_detail).to.deep.equal({
      code: 'quiet_hours', params: {}, messages: { en: 'quiet hours: resumes automatically', fr: "hors des heures d'envoi autorisées : reprise automatique" },
    });
    expect(provider.calls).to.have.length(0);
  });

  it('marks a recipient failed with the reason when the filled-in text is too long, and never sends it', async () => {
    recipients = people(2);
    recipients[1].firstname = 'x'.repeat(950);
    const id = await started('Bonjour {client_surname}');
    const done = await runCampaign(deps, id);
    expect(done).to.include({ status: 'partially_sent', sent: 1, failed: 1 });
    expect((await rows(id))[1]).to.include({ status: 'failed', provider_message: 'too_long' });
  });

  it('exports the selection as a named provider directory with the customers’ names', async () => {
    recipients = people(3);
    const id = await started('unused', 'export');
    const done = await runCampaign(deps, id);
    expect(done).to.include({ status: 'sent', sent: 3, directory_id: 'dir1' });
    expect(provider.directories).to.deep.equal([{ name: 'Soldes', contacts: recipients.map((r) => ({ phone: r.phone, name: `${r.firstname} ${r.lastname}` })) }]);
    expect(provider.calls).to.have.length(0);
  });

  it('lets only one of two racing runners work a campaign', async () => {
    const id = await started();
    const [a, b] = await Promise.all([runCampaign(deps, id), runCampaign({ ...deps, worker: 'w2' }, id)]);
    expect([a.status, b.status]).to.include('sent');
    expect(sentPhones()).to.have.length(25);
  });
});
