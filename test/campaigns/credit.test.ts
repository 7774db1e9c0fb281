import { expect } from 'chai';
import { leaseCampaign } from '../../service/src/campaigns/lease';
import { getCampaign, transitionCampaign } from '../../service/src/campaigns/queries';
import { runCampaign, RunnerDeps } from '../../service/src/campaigns/runner';
import { snapshotRecipients } from '../../service/src/campaigns/snapshot';
import { ShopcastError } from '../../service/src/errors';
import type { Recipient } from '../../service/src/segments';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { scriptedProvider, ScriptedProvider } from '../helpers/scripted-provider';
import { createShop } from '../helpers/shop-fixtures';
import { people, runnerDeps, startedCampaign } from './fixtures';

describeEachDialect('campaign credit check', (dialect) => {
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

  const expireLease = (id: number) => t.db.knex(t.db.ownTable('campaign')).where({ id_campaign: id }).update({ claimed_until: '2000-01-01 00:00:00' });

  it('still refuses a campaign the credit does not cover after a crash between the snapshot and the credit check', async () => {
    const id = await startedCampaign(t.db);
    expect(await leaseCampaign(t.db, id, 'w1', 60)).to.equal(true);
    expect(await snapshotRecipients(t.db, await getCampaign(t.db, id), deps.source, { worker: 'w1', lost: false })).to.equal(true);
    // The process dies here: the snapshot is complete, the credit was never checked.
    await expireLease(id);
    provider.creditAmount = 0.5;
    const done = await runCampaign({ ...deps, worker: 'w2' }, id);
    expect(done.status).to.equal('failed');
    expect(done.error_detail).to.deep.include({ code: 'insufficient_credit', params: { cost: '1.1250', credit: '0.50' } });
    expect(provider.calls).to.have.length(0);
  });

  it('checks the credit again when a paused campaign resumes, against what is left, and pauses when it falls short', async () => {
    const id = await startedCampaign(t.db);
    const send = provider.send;
    provider.send = async (messages, options) => {
      const out = await send(messages, options);
      if (provider.calls.length === 1) await transitionCampaign(t.db, id, 'pause');
      return out;
    };
    expect((await runCampaign(deps, id)).sent).to.equal(10);
    provider.creditAmount = 0.1;
    await transitionCampaign(t.db, id, 'resume');
    const short = await runCampaign(deps, id);
    expect(short).to.include({ status: 'paused', sent: 10 });
    expect(short.error_detail).to.deep.equal({
      code: 'insufficient_credit_rest',
      params: { cost: '0.6750', credit: '0.10' },
      messages: {
        en: 'insufficient credit: the messages left cost about 0.6750 EUR and the account has 0.10 EUR; top up, then resume',
        fr: 'crédit insuffisant : les messages restants coûtent environ 0.6750 EUR et le compte dispose de 0.10 EUR ; rechargez, puis reprenez',
      },
    });
    expect(provider.calls).to.have.length(1);
    provider.creditAmount = 1000;
    await transitionCampaign(t.db, id, 'resume', { error: null, error_code: null, error_params: null });
    expect(await runCampaign(deps, id)).to.include({ status: 'sent', sent: 25, error: null, error_detail: null });
  });

  it('pauses with the reason, sending nothing, when the provider cannot tell its credit', async () => {
    let asked = 0;
    provider.credit = async () => {
      asked++;
      throw new ShopcastError('provider_failed', 'iSendPro credit: HTTP 500');
    };
    const paused = await runCampaign(deps, await startedCampaign(t.db));
    expect(paused.status).to.equal('paused');
    expect(asked).to.equal(2);
    expect(paused.error_detail?.code).to.equal('credit_unavailable');
    expect(paused.error_detail?.messages.fr).to.equal('mis en pause : le crédit du fournisseur est illisible (iSendPro credit: HTTP 500) ; reprenez pour réessayer');
    expect(provider.calls).to.have.length(0);
  });
});
