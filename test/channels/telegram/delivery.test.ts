import { expect } from 'chai';
import { ChatInfo, createLinkCode, redeemLinkCode } from '../../../service/src/channels/telegram';
import { createLogger } from '../../../service/src/logging';
import { claimEvents, createRule, DispatchDeps, historyFilterSchema, listNotifications, processEvent, RuleInput } from '../../../service/src/notifications';
import { writeSetting } from '../../../service/src/settings';
import { describeEachDialect } from '../../helpers/databases';
import { scriptedProvider, ScriptedProvider } from '../../helpers/scripted-provider';
import { addAddress, addCustomer, addOrder, addOutboxEvent } from '../../helpers/shop-fixtures';
import { startRig, TelegramRig } from './helpers';

const adminRule = (over: Partial<RuleInput> = {}): RuleInput => ({
  id_shop: 0,
  audience: 'admin',
  events: ['order_state:4'],
  sender: 'MaBoutique',
  message: 'Commande {order_reference} expediee pour {client_surname}.',
  active: true,
  channels: ['sms', 'telegram'],
  ...over,
});

describeEachDialect('Telegram delivery of notifications', (dialect) => {
  let rig: TelegramRig;
  let provider: ScriptedProvider;
  let deps: DispatchDeps;
  let order: number;
  const sleeps: number[] = [];

  beforeEach(async () => {
    sleeps.length = 0;
    // The limiter's clock never really waits: a 429's retry_after is recorded, not slept.
    const limiterClock = { t: 0, now: () => limiterClock.t, sleep: async (ms: number) => void sleeps.push(ms) };
    rig = await startRig(dialect, { telegram: { clock: limiterClock } });
    provider = scriptedProvider();
    deps = {
      db: rig.t.db, provider, log: createLogger('silent'), worker: 'w1', now: () => new Date(), duplicateWindowSeconds: 120, retryForSeconds: 3600, telegram: rig.telegram.channel,
    };
    const customer = await addCustomer(rig.t.db, { firstname: 'François', lastname: 'Dupont' });
    const home = await addAddress(rig.t.db, { id_customer: customer, phone_mobile: '06 12 34 56 78' });
    order = await addOrder(rig.t.db, { id_customer: customer, id_address_delivery: home, reference: 'ABCDEFGHI', current_state: 4 });
    await writeSetting(rig.t.db, 'admin_phone', '+33699887766');
  });
  afterEach(async () => {
    await rig.close();
  });

  async function link(chat: ChatInfo, idShop = 1): Promise<void> {
    const { code } = await createLinkCode(rig.t.db, { idShop, employee: 1, now: new Date() });
    expect((await redeemLinkCode(rig.t.db, code, chat, new Date())).status).to.equal('linked');
  }
  async function shipOrder(): Promise<string[]> {
    await addOutboxEvent(rig.t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    const outcomes: string[] = [];
    for (const row of await claimEvents(rig.t.db, 'w1', 100)) outcomes.push(await processEvent(deps, row));
    return outcomes;
  }
  const notifications = () => rig.t.db.knex(rig.t.db.ownTable('notification')).select('*').orderBy('id_notification');
  const sendCalls = (chatId: number) => rig.fake.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId);

  it('fans an [Admin] rule out to the SMS and to every linked staff chat, one history row each', async () => {
    await link({ id: 111, type: 'private', title: 'Claire' });
    await link({ id: -100200, type: 'group', title: 'Staff' }, 0);
    await createRule(rig.t.db, adminRule());
    expect(await shipOrder()).to.deep.equal(['done']);
    expect(provider.calls.flatMap((c) => c.messages.map((m) => [m.to, m.text]))).to.deep.equal([['+33699887766', 'Commande ABCDEFGHI expediee pour Francois.']]);
    // The same template; Telegram keeps the customer's name as written.
    expect(rig.fake.repliesTo(-100200)).to.deep.equal(['Commande ABCDEFGHI expediee pour François.']);
    expect(rig.fake.repliesTo(111)).to.deep.equal(['Commande ABCDEFGHI expediee pour François.']);
    const rows = await notifications();
    expect(rows.map((r) => [r.channel, r.recipient, r.status, r.sender, Number(r.parts)])).to.deep.equal([
      ['sms', '+33699887766', 'sent', 'MaBoutique', 1],
      ['telegram', 'tg:-100200', 'sent', null, 0],
      ['telegram', 'tg:111', 'sent', null, 0],
    ]);
    expect(rows[2].provider_message_id).to.equal(String(rig.fake.sent.find((m) => m.chat_id === 111)!.message_id));
    const telegramOnly = await listNotifications(rig.t.db, historyFilterSchema.parse({ channel: 'telegram' }));
    expect(telegramOnly.rows.map((r) => r.recipient)).to.deep.equal(['tg:111', 'tg:-100200']);
  });

  it('never sends twice to a chat when the same event is processed again', async () => {
    await link({ id: 111, type: 'private', title: 'Claire' });
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    await shipOrder();
    await rig.t.db.knex(rig.t.db.ownTable('event_outbox')).update({ status: 'pending' });
    for (const row of await claimEvents(rig.t.db, 'w1', 100)) expect(await processEvent(deps, row)).to.equal('done');
    expect(sendCalls(111)).to.have.length(1);
    expect(await notifications()).to.have.length(1);
  });

  it('waits retry_after when Telegram answers 429, then sends the message once', async () => {
    await link({ id: 111, type: 'private', title: 'Claire' });
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    rig.fake.floodNext({ times: 1, retryAfter: 3, chatId: 111 });
    expect(await shipOrder()).to.deep.equal(['done']);
    expect(sendCalls(111).map((c) => c.status)).to.deep.equal([429, 200]);
    expect(sleeps).to.deep.equal([3000]);
    expect(rig.fake.repliesTo(111)).to.have.length(1);
    expect((await notifications())[0]).to.include({ status: 'sent', attempts: 1 });
  });

  it('hands a 429 asking for a long wait back to the dispatcher, which retries the event later', async () => {
    await link({ id: 111, type: 'private', title: 'Claire' });
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    rig.fake.floodNext({ times: 1, retryAfter: 600, chatId: 111 });
    expect(await shipOrder()).to.deep.equal(['retry']);
    expect(sleeps).to.deep.equal([]);
    expect((await notifications())[0]).to.include({ status: 'pending', provider_code: '429' });
    await rig.t.db.knex(rig.t.db.ownTable('event_outbox')).update({ next_attempt_at: null });
    for (const row of await claimEvents(rig.t.db, 'w1', 100)) expect(await processEvent(deps, row)).to.equal('done');
    expect((await notifications())[0]).to.include({ status: 'sent', attempts: 2 });
  });

  it('unlinks a chat that blocked the bot, fails its row with the reason, and never tries it again', async () => {
    await link({ id: 111, type: 'private', title: 'Claire' });
    await link({ id: 222, type: 'private', title: 'Paul' });
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    rig.fake.blockChat(222);
    expect(await shipOrder()).to.deep.equal(['done']);
    const rows = await notifications();
    expect(rows.map((r) => [r.recipient, r.status, r.provider_code, r.provider_message])).to.deep.equal([
      ['tg:111', 'sent', 'ok', null],
      ['tg:222', 'failed', '403', 'Forbidden: bot was blocked by the user'],
    ]);
    const chat = await rig.t.db.knex(rig.t.db.ownTable('telegram_chat')).first('*').where({ chat_id: 222 });
    expect(chat).to.include({ status: 'unlinked', unlink_reason: 'Forbidden: bot was blocked by the user' });
    deps.duplicateWindowSeconds = 0;
    expect(await shipOrder()).to.deep.equal(['done']);
    expect(sendCalls(222)).to.have.length(1);
    expect(sendCalls(111)).to.have.length(2);
  });

  it('unlinks a chat Telegram no longer knows (400 chat not found) with the reason, and never tries it again', async () => {
    await link({ id: 333, type: 'private', title: 'Ancien' });
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    rig.fake.loseChat(333);
    expect(await shipOrder()).to.deep.equal(['done']);
    expect((await notifications())[0]).to.include({ recipient: 'tg:333', status: 'failed', provider_code: '400', provider_message: 'Bad Request: chat not found' });
    const chat = await rig.t.db.knex(rig.t.db.ownTable('telegram_chat')).first('status', 'unlink_reason').where({ chat_id: 333 });
    expect(chat).to.deep.equal({ status: 'unlinked', unlink_reason: 'Bad Request: chat not found' });
    deps.duplicateWindowSeconds = 0;
    expect(await shipOrder()).to.deep.equal(['done']);
    expect(sendCalls(333)).to.have.length(1);
    expect((await notifications())[1]).to.include({ recipient: 'tg:', status: 'skipped', provider_message: 'no_telegram_chat' });
  });

  it('moves the links of a group upgraded to a supergroup and delivers there, then plans for the new id', async () => {
    await link({ id: -100200, type: 'group', title: 'Staff' });
    await link({ id: -100200, type: 'group', title: 'Staff' }, 2);
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    rig.fake.migrateChat(-100200, -1009876543210);
    expect(await shipOrder()).to.deep.equal(['done']);
    expect(rig.fake.repliesTo(-1009876543210)).to.deep.equal(['Commande ABCDEFGHI expediee pour François.']);
    expect((await notifications())[0]).to.include({ recipient: 'tg:-100200', status: 'sent', provider_message: 'sent to supergroup -1009876543210 (the group was upgraded)' });
    const links = await rig.t.db.knex(rig.t.db.ownTable('telegram_chat')).select('id_shop', 'chat_id', 'chat_type', 'status').orderBy('id_shop');
    expect(links.map((l) => [Number(l.id_shop), Number(l.chat_id), l.chat_type, l.status])).to.deep.equal([
      [1, -1009876543210, 'supergroup', 'linked'],
      [2, -1009876543210, 'supergroup', 'linked'],
    ]);
    deps.duplicateWindowSeconds = 0;
    expect(await shipOrder()).to.deep.equal(['done']);
    expect((await notifications())[1]).to.include({ recipient: 'tg:-1009876543210', status: 'sent' });
    expect(sendCalls(-100200)).to.have.length(1);
  });

  it('records a skipped row saying why when no staff chat is linked', async () => {
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    expect(await shipOrder()).to.deep.equal(['done']);
    expect((await notifications())[0]).to.include({ channel: 'telegram', recipient: 'tg:', status: 'skipped', provider_message: 'no_telegram_chat' });
    expect(rig.fake.sent).to.deep.equal([]);
  });

  it('keeps the messages of a chat unlinked after planning from going out', async () => {
    await link({ id: 111, type: 'private', title: 'Claire' });
    await createRule(rig.t.db, adminRule({ channels: ['telegram'] }));
    await addOutboxEvent(rig.t.db, { event: 'order_state', id_order: order, id_order_state: 4 });
    const [row] = await claimEvents(rig.t.db, 'w1', 100);
    const original = deps.telegram!;
    deps.telegram = {
      recipients: (idShop) => original.recipients(idShop),
      send: async (messages) => {
        await rig.t.db.knex(rig.t.db.ownTable('telegram_chat')).update({ status: 'unlinked', unlink_reason: 'test' });
        return original.send(messages);
      },
    };
    expect(await processEvent(deps, row)).to.equal('done');
    expect((await notifications())[0]).to.include({ status: 'failed', provider_code: 'unlinked' });
    expect(rig.fake.sent).to.deep.equal([]);
  });
});
