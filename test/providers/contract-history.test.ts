import { expect } from 'chai';
import { migrate, toSqlDateTime } from '../../service/src/db';
import { historyFields, importOptOuts, MessageResult, SmsProvider } from '../../service/src/providers';
import { FAKE_CODES, FakeIsendpro, FakeSwitches, IP_MESSAGE, startFakeIsendpro } from '../fakes/isendpro';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { isendproFor, messages, rejectionOf } from './helpers';

/**
 * The fake's failure switches through the real adapter into real history rows (MySQL in strict
 * mode): every failure ends as a stored status with the provider's (or the transport's) code and
 * words, and nothing escapes as an exception. Runner and dispatcher paths are the campaign and
 * notification suites'; this one pins what the providers capability hands them.
 */
interface Scenario {
  title: string;
  switches?: Partial<FakeSwitches>;
  /** an adapter other than the default one (a TLS server it does not trust) */
  provider?: () => SmsProvider;
  expected: Array<[status: string, code: string, message: string]>;
}

describeEachDialect('provider contract: every failure switch becomes a stored history row', (dialect) => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let secure: FakeIsendpro;

  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
    fake = await startFakeIsendpro();
    secure = await startFakeIsendpro({}, { tls: true });
  });
  afterEach(() => fake.reset());
  after(async () => {
    await fake?.close();
    await secure?.close();
    await t?.drop();
  });

  const batch = messages(2);
  const both = (status: string, code: string, message: string): Scenario['expected'] => [
    [status, code, message],
    [status, code, message],
  ];
  const scenarios: Scenario[] = [
    { title: 'accepted', expected: both('sent', '0', 'Envoyé') },
    { title: 'code 11 (blacklisted) and code 21 (not assigned)', switches: { blacklisted: [batch[0].to], unassigned: [batch[1].to] }, expected: [['failed', '11', 'Numéro en liste noire'], ['failed', '21', 'Numéro non attribué']] },
    { title: 'IP not authorised', switches: { ipAllowed: false }, expected: both('pending', FAKE_CODES.ipNotAllowed, IP_MESSAGE) },
    { title: 'HTTP 500', switches: { faults: [{ kind: 'http', status: 500 }] }, expected: both('unknown', 'http_500', 'provider error') },
    { title: 'connection dropped mid-response', switches: { faults: [{ kind: 'drop' }] }, expected: both('unknown', 'ERR_BAD_RESPONSE', 'connection lost during the exchange') },
    { title: 'timeout', switches: { faults: [{ kind: 'hang' }] }, expected: both('unknown', 'timeout', 'no answer before the timeout') },
    {
      title: 'untrusted TLS certificate',
      provider: () => isendproFor(secure),
      expected: both('pending', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'secure connection to the provider refused (TLS)'),
    },
  ];

  scenarios.forEach((scenario, i) => {
    it(`stores "${scenario.title}" in notification and campaign recipient rows with its code and message`, async () => {
      fake.setSwitches(scenario.switches ?? {});
      const provider = scenario.provider?.() ?? isendproFor(fake, { timeoutMs: 300, retries: 0 });
      const results: MessageResult[] = await provider.send(batch);
      const fields = results.map(historyFields);
      const now = toSqlDateTime(new Date());
      await t.db.knex(t.db.ownTable('notification')).insert(
        fields.map((f, n) => ({ id_event: i + 1, id_rule: 1, event: 'order_state', recipient: batch[n].to, message: batch[n].text, created_at: now, ...f })),
      );
      await t.db.knex(t.db.ownTable('campaign_recipient')).insert(fields.map((f, n) => ({ id_campaign: i + 1, id_customer: n + 1, phone: batch[n].to, ...f })));
      const stored = async (table: string, where: Record<string, number>, order: string) =>
        (await t.db.knex(t.db.ownTable(table)).where(where).orderBy(order).select('status', 'provider_code', 'provider_message'))
          .map((r) => [r.status, r.provider_code, r.provider_message]);
      expect(await stored('notification', { id_event: i + 1 }, 'recipient')).to.deep.equal(scenario.expected);
      expect(await stored('campaign_recipient', { id_campaign: i + 1 }, 'phone')).to.deep.equal(scenario.expected);
    });
  });

  it('stores the sandbox-style provider id of an accepted message, and none for a failure', () => {
    const base = { to: '+33612345678', tracker: 't1', code: '0', message: 'ok' };
    expect(historyFields({ ...base, status: 'accepted', providerId: 'sandbox-t1' })).to.deep.include({ status: 'sent', provider_message_id: 'sandbox-t1' });
    expect(historyFields({ ...base, status: 'rejected', code: '21' })).to.deep.include({ status: 'failed', provider_message_id: null });
  });

  for (const [title, switches] of [
    ['IP not authorised', { ipAllowed: false }],
    ['HTTP 500', { faults: [{ kind: 'http', status: 500 }] }],
    ['connection dropped mid-response', { faults: [{ kind: 'drop' }] }],
    ['timeout', { faults: [{ kind: 'hang' }] }],
  ] as Array<[string, Partial<FakeSwitches>]>) {
    it(`leaves the opt-out table unchanged and names the failure when the blacklist export meets "${title}"`, async () => {
      fake.setSwitches(switches);
      const err = await rejectionOf(importOptOuts(t.db, isendproFor(fake, { timeoutMs: 300, retries: 0 })));
      expect(err.code).to.equal('provider_failed');
      expect(err.params?.providerCode ?? err.params?.httpStatus).to.not.equal(null);
      expect(await t.db.knex(t.db.ownTable('opt_out')).count({ n: '*' }).first()).to.deep.include({ n: 0 });
    });
  }
});
