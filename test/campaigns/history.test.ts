import { expect } from 'chai';
import { campaignFilterSchema, listCampaigns, listRecipients, recipientFilterSchema } from '../../service/src/campaigns/history';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { createShop } from '../helpers/shop-fixtures';

interface Row {
  name: string;
  created_at: string;
  status?: string;
  action?: 'send' | 'export';
  cost?: string | null;
  estimated_cost?: string | null;
  recipients?: number;
}

describeEachDialect('campaign history', (dialect) => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};

  before(async () => {
    t = await dialect.create();
    await createShop(t.db);
    const rows: Row[] = [
      // 23:30 UTC on the 25th is already the 26th in Paris.
      { name: 'Late night', created_at: '2026-11-25 23:30:00', status: 'sent', cost: '12.5000', recipients: 250 },
      { name: 'Noël VIP', created_at: '2026-11-26 10:00:00', status: 'partially_sent', cost: '3.0000', recipients: 60 },
      { name: 'Noël tous', created_at: '2026-11-26 22:59:59', status: 'failed', cost: null, estimated_cost: '90.0000', recipients: 2000 },
      { name: 'Directory', created_at: '2026-11-27 09:00:00', status: 'sent', action: 'export', cost: '0.0000', recipients: 40 },
      { name: '50%_off', created_at: '2026-11-28 09:00:00', status: 'draft' },
    ];
    for (const r of rows) {
      const [id] = await t.db.knex(t.db.ownTable('campaign')).insert({
        id_shop: 1, criteria: '{}', message: 'x', action: r.action ?? 'send', status: r.status ?? 'draft', name: r.name, created_at: r.created_at, updated_at: r.created_at,
        cost: r.cost ?? null, estimated_cost: r.estimated_cost ?? r.cost ?? null, recipients: r.recipients ?? 0,
      });
      ids[r.name] = Number(id);
    }
  });
  after(async () => {
    await t.drop();
  });

  const names = async (query: Record<string, unknown>) => (await listCampaigns(t.db, campaignFilterSchema.parse(query))).rows.map((c) => c.name);

  it('lists newest first, 500 per page by default', async () => {
    const page = await listCampaigns(t.db, campaignFilterSchema.parse({}));
    expect(page).to.include({ total: 5, page: 1, per_page: 500 });
    expect(page.rows.map((c) => c.name)).to.deep.equal(['50%_off', 'Directory', 'Noël tous', 'Noël VIP', 'Late night']);
    expect(await names({ per_page: 2, page: 2 })).to.deep.equal(['Noël tous', 'Noël VIP']);
  });

  it('reads the date filters as whole days on the shop’s clock, not in UTC', async () => {
    expect(await names({ from: '2026-11-26', to: '2026-11-26' })).to.deep.equal(['Noël tous', 'Noël VIP', 'Late night']);
    expect(await names({ to: '2026-11-25' })).to.deep.equal([]);
    expect(await names({ from: '2026-11-27' })).to.deep.equal(['50%_off', 'Directory']);
  });

  it('filters by id, label, state and action', async () => {
    expect(await names({ id: String(ids['Noël VIP']) })).to.deep.equal(['Noël VIP']);
    expect(await names({ name: 'noël' })).to.have.members(['Noël tous', 'Noël VIP']);
    expect(await names({ name: '50%_' })).to.deep.equal(['50%_off']);
    expect(await names({ status: 'sent' })).to.deep.equal(['Directory', 'Late night']);
    expect(await names({ action: 'export' })).to.deep.equal(['Directory']);
  });

  it('filters by cost (spent, or estimated before) and quantity ranges, bounds included', async () => {
    expect(await names({ cost_min: '3', cost_max: '12.5' })).to.deep.equal(['Noël VIP', 'Late night']);
    expect(await names({ cost_min: '50' })).to.deep.equal(['Noël tous']);
    expect(await names({ cost_max: '0' })).to.deep.equal(['Directory']);
    expect(await names({ quantity_min: '60', quantity_max: '250' })).to.deep.equal(['Noël VIP', 'Late night']);
    expect(await names({ quantity_min: '1000' })).to.deep.equal(['Noël tous']);
  });

  it('refuses malformed filters with a reason in both languages', () => {
    const bad = campaignFilterSchema.safeParse({ from: '2026-02-30', cost_min: '1,5', quantity_max: '-1', per_page: '501', status: 'done' });
    expect(bad.success).to.equal(false);
    const messages = bad.error!.issues.map((i) => [String(i.path[0]), i.message]);
    expect(messages).to.deep.equal([['from', 'day'], ['status', 'one_of'], ['cost_min', 'amount'], ['quantity_max', 'quantity'], ['per_page', 'per_page']]);
    const order = campaignFilterSchema.safeParse({ from: '2026-11-27', to: '2026-11-26', cost_min: '5', cost_max: '1' });
    expect(order.error!.issues.map((i) => [String(i.path[0]), i.message])).to.deep.equal([['to', 'day_order'], ['cost_max', 'range_order']]);
  });

  it('lists a campaign’s recipients by status, paged', async () => {
    const id = ids['Noël VIP'];
    await t.db.knex(t.db.ownTable('campaign_recipient')).insert(
      Array.from({ length: 5 }, (_, i) => ({ id_campaign: id, id_customer: i + 1, phone: `+3361000000${i}`, status: i < 3 ? 'sent' : 'failed' })),
    );
    const sent = await listRecipients(t.db, id, recipientFilterSchema.parse({ status: 'sent', per_page: '2', page: '2' }));
    expect(sent).to.include({ total: 3, page: 2, per_page: 2 });
    expect(sent.rows.map((r) => r.phone)).to.deep.equal(['+33610000002']);
    expect(recipientFilterSchema.safeParse({ status: 'delivered' }).success).to.equal(false);
  });
});
