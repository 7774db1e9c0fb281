import { expect } from 'chai';
import { migrate } from '../../service/src/db';
import { historyFilterSchema, listNotifications, streamNotifications } from '../../service/src/notifications';
import { parseHistoryFilter, wallToUtc } from '../../service/src/notifications/history-filter';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { createShop } from '../helpers/shop-fixtures';

type Row = Record<string, unknown>;
let nextEvent = 1;
const row = (over: Row): Row => ({
  id_event: nextEvent++, id_rule: 1, id_shop: 1, event: 'order_state:4', channel: 'sms', recipient: '+33612345670', sender: 'Shop', message: 'Commande expediee',
  parts: 1, status: 'sent', provider_code: '0', provider_message: 'Envoyé', created_at: '2026-03-02 10:00:00', ...over,
});

describe('notification history filters', () => {
  it('reads a day on the shop clock: Paris winter days start at 23:00 UTC the day before', () => {
    expect(wallToUtc('2026-03-02', 'Europe/Paris', 'start')).to.equal('2026-03-01 23:00:00');
    expect(wallToUtc('2026-03-02', 'Europe/Paris', 'after')).to.equal('2026-03-02 23:00:00');
    expect(wallToUtc('2026-07-14 08:30', 'Europe/Paris', 'after')).to.equal('2026-07-14 06:31:00');
  });

  it('refuses a date that does not exist, in both languages', () => {
    let caught: unknown;
    try {
      parseHistoryFilter({ from: '2026-02-30' });
    } catch (err) {
      caught = err;
    }
    const issue = (caught as { issues: Array<{ path: string; messages: { fr: string; en: string } }> }).issues[0];
    expect(issue.path).to.equal('from');
    expect(issue.messages.fr).to.match(/^from : attendu une date/);
  });
});

describeEachDialect('notification history', (dialect) => {
  let t: TestDatabase;
  before(async () => {
    t = await dialect.create();
    await createShop(t.db);
    await migrate(t.db);
  });
  after(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.knex(t.db.ownTable('notification')).delete();
  });

  const insert = (rows: Row[]) => t.db.knex.batchInsert(t.db.ownTable('notification'), rows, 100);
  const list = (query: Record<string, unknown>) => listNotifications(t.db, historyFilterSchema.parse(query));
  const recipients = async (query: Record<string, unknown>) => (await list(query)).rows.map((r) => r.recipient);

  it('lists the newest 500 by default, says how many match in all, and lifts the bound with latest=0', async () => {
    await insert(Array.from({ length: 520 }, (_, i) => row({ recipient: `+336${String(10000000 + i)}` })));
    const first = await list({});
    expect([first.total, first.matched, first.latest, first.rows.length]).to.deep.equal([500, 520, 500, 50]);
    expect((await list({ page: 10 })).rows).to.have.length(50);
    expect((await list({ page: 11 })).rows).to.deep.equal([]);
    expect((await list({ latest: 0, page: 11 })).rows).to.have.length(20);
    let exported = 0;
    for await (const _ of streamNotifications(t.db, historyFilterSchema.parse({}), [], 64)) exported++;
    expect(exported).to.equal(500);
    exported = 0;
    for await (const _ of streamNotifications(t.db, historyFilterSchema.parse({ latest: 0 }), [], 64)) exported++;
    expect(exported).to.equal(520);
  });

  it('finds a number however it is typed: national, international, with spaces or (0), or a few digits', async () => {
    await insert([row({ recipient: '+33612345671' }), row({ recipient: '+33612345672' }), row({ recipient: '+32470123456' })]);
    for (const typed of ['06 12 34 56 71', '+33 6 12 34 56 71', '0033612345671', '+33 (0)6 12 34 56 71', '06.12.34.56.71']) {
      expect(await recipients({ phone: typed }), typed).to.deep.equal(['+33612345671']);
    }
    expect(await recipients({ phone: '45671' })).to.deep.equal(['+33612345671']);
    expect(await recipients({ phone: '0470 12 34 56' })).to.deep.equal(['+32470123456']);
    expect(await recipients({ phone: '06 12 34 56' })).to.deep.equal(['+33612345672', '+33612345671']);
  });

  it('filters on the day as the shop sees it, not the UTC day', async () => {
    await insert([
      row({ recipient: '+33600000001', created_at: '2026-03-01 22:30:00' }), // 23:30 in Paris, 1 March
      row({ recipient: '+33600000002', created_at: '2026-03-01 23:30:00' }), // 00:30 in Paris, 2 March
      row({ recipient: '+33600000003', created_at: '2026-03-02 22:59:59' }), // 23:59:59 in Paris, 2 March
    ]);
    expect(await recipients({ from: '2026-03-02', to: '2026-03-02' })).to.deep.equal(['+33600000003', '+33600000002']);
    expect(await recipients({ to: '2026-03-01' })).to.deep.equal(['+33600000001']);
    expect(await recipients({ from: '2026-03-02 00:30', to: '2026-03-02 00:30' })).to.deep.equal(['+33600000002']);
  });

  it('filters on the detail: the provider’s words or the skip reason', async () => {
    await insert([
      row({ recipient: '+33600000001', status: 'skipped', provider_code: null, provider_message: 'opted_out' }),
      row({ recipient: '+33600000002', status: 'failed', provider_code: '11', provider_message: 'Numéro en liste noire' }),
      row({ recipient: '+33600000003' }),
    ]);
    expect(await recipients({ detail: 'opted' })).to.deep.equal(['+33600000001']);
    expect(await recipients({ detail: 'liste noire' })).to.deep.equal(['+33600000002']);
    expect(await recipients({ detail: '100%' })).to.deep.equal([]);
  });

  it('names the chat of a Telegram row', async () => {
    await t.db.knex(t.db.ownTable('telegram_chat')).insert({ id_shop: 1, chat_id: -100200, chat_type: 'supergroup', title: 'Staff Lyon', status: 'linked', linked_via: 'code', linked_at: '2026-01-01 00:00:00' });
    await insert([row({ channel: 'telegram', recipient: 'tg:-100200', sender: null, parts: 0 }), row({ recipient: '+33600000009' })]);
    const { rows } = await list({});
    expect(rows.map((r) => [r.channel, r.recipient, r.chat_title])).to.deep.equal([['sms', '+33600000009', null], ['telegram', 'tg:-100200', 'Staff Lyon']]);
  });
});
