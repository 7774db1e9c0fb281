import { expect } from 'chai';
import { migrate } from '../../service/src/db';
import { createRule, getRule, listRules, parseRuleInput, updateRule } from '../../service/src/notifications';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

describe('notification rule channels', () => {
  const admin = { audience: 'admin', events: ['order_state:4'], message: 'Commande {order_reference}' };

  it('accepts telegram, alone or with sms, on an [Admin] rule', () => {
    expect(parseRuleInput({ ...admin, channels: ['telegram'] }).channels).to.deep.equal(['telegram']);
    expect(parseRuleInput({ ...admin, channels: ['sms', 'telegram', 'sms'] }).channels).to.deep.equal(['sms', 'telegram']);
  });

  it('refuses telegram on a [Client] rule, an unknown channel and an empty choice', () => {
    expect(() => parseRuleInput({ ...admin, audience: 'client', channels: ['sms', 'telegram'] })).to.throw(/telegram is only for \[Admin\] rules/);
    expect(() => parseRuleInput({ ...admin, channels: ['whatsapp'] })).to.throw(/expected sms or telegram/);
    expect(() => parseRuleInput({ ...admin, channels: [] })).to.throw(/choose at least one channel/);
  });
});

describeEachDialect('notification rule channels in the store', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
    await migrate(t.db);
  });
  afterEach(async () => {
    await t.drop();
  });

  const base = { id_shop: 0, audience: 'admin' as const, events: ['order_state:4'], sender: null, message: 'Commande {order_reference}', active: true };

  it('stores SMS for a rule saved without channels, as before Telegram', async () => {
    const rule = await createRule(t.db, base);
    expect(rule.channels).to.deep.equal(['sms']);
    expect((await getRule(t.db, rule.id_rule)).channels).to.deep.equal(['sms']);
  });

  it('reads back the channels a rule was saved and edited with, in a fixed order', async () => {
    const rule = await createRule(t.db, { ...base, channels: ['telegram', 'sms'] });
    expect((await getRule(t.db, rule.id_rule)).channels).to.deep.equal(['sms', 'telegram']);
    await updateRule(t.db, rule.id_rule, { ...base, channels: ['telegram'] });
    expect((await listRules(t.db))[0].channels).to.deep.equal(['telegram']);
  });
});
