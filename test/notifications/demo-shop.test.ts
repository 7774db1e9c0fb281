import { expect } from 'chai';
import { migrate } from '../../service/src/db';
import { createLogger } from '../../service/src/logging';
import { buildCatalogue, claimEvents, createRule, OUTBOX_EVENT_TO_KEY, processEvent } from '../../service/src/notifications';
import { chooseClientPhone } from '../../service/src/notifications/recipients';
import { writeSetting } from '../../service/src/settings';
import { createDemoShop } from '../../service/src/shop';
import { listOrderStates, loadCustomerAddresses, loadOrder, OrderView, readShopConfiguration } from '../../service/src/shop/read-model';
import { replaceNonGsm } from '../../service/src/sms';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { scriptedProvider } from '../helpers/scripted-provider';

/**
 * Every event of the catalogue, both audiences, both languages, rendered with its default text
 * for an order of the generated demo shop (not a hand-made fixture): real addresses, tracking
 * numbers, currencies and state names as the generator writes them.
 */
describeEachDialect('default texts on the demo shop', (dialect) => {
  let t: TestDatabase;
  before(async function () {
    this.timeout(120_000);
    t = await dialect.create();
    await createDemoShop(t.db, { customers: 60, seed: 7, now: new Date('2026-03-02T10:00:00Z') });
    await migrate(t.db);
    await writeSetting(t.db, 'admin_phone', '0699887766');
  });
  after(async () => {
    await t.drop();
  });

  /** The first demo order whose customer has a mobile and whose parcel has a tracking number. */
  async function anOrder(): Promise<{ order: OrderView; phone: string }> {
    const ids = await t.db.knex(t.db.shopTable('orders')).pluck('id_order').orderBy('id_order').limit(200);
    for (const id of ids) {
      const order = (await loadOrder(t.db, Number(id)))!;
      const choice = chooseClientPhone([order.delivery, order.invoice], await loadCustomerAddresses(t.db, order.customer.id_customer, order.id_lang));
      if (choice.phone !== null && order.tracking_number !== '') return { order, phone: choice.phone };
    }
    throw new Error('no demo order with a mobile and a tracking number');
  }

  it('renders every event for both audiences in French and English, sent, with no placeholder left', async function () {
    this.timeout(60_000);
    const { order, phone } = await anOrder();
    const catalogue = buildCatalogue(await listOrderStates(t.db));
    for (const event of catalogue) {
      for (const audience of ['admin', 'client'] as const) {
        for (const lang of ['fr', 'en'] as const) {
          await createRule(t.db, { id_shop: 0, audience, events: [event.key], sender: null, message: event.defaults[audience][lang], active: true });
        }
      }
      const [kind, state] = event.key.split(':');
      const outboxEvent = Object.entries(OUTBOX_EVENT_TO_KEY).find(([, key]) => key === kind)![0];
      await t.db.knex(t.db.ownTable('event_outbox')).insert({
        event: outboxEvent, id_shop: order.id_shop, id_order: order.id_order, id_customer: order.customer.id_customer, id_order_state: state ? Number(state) : null,
        status: 'pending', attempts: 0, created_at: '2026-03-02 10:00:00',
      });
    }
    const provider = scriptedProvider();
    const deps = { db: t.db, provider, log: createLogger('silent'), worker: 'w', now: () => new Date(), duplicateWindowSeconds: 0, retryForSeconds: 60 };
    for (const row of await claimEvents(t.db, 'w', 1000)) expect(await processEvent(deps, row)).to.equal('done');

    const rows = await t.db.knex(t.db.ownTable('notification')).select('event', 'recipient', 'message', 'status', 'id_rule').orderBy('id_notification');
    expect(rows).to.have.length(catalogue.length * 4);
    expect(rows.filter((r) => r.status !== 'sent')).to.deep.equal([]);
    for (const r of rows) expect(r.message, `${r.event}: ${r.message}`).not.to.match(/[{}]/);
    expect(new Set(rows.map((r) => r.recipient))).to.deep.equal(new Set(['+33699887766', phone]));

    const shop = (await readShopConfiguration(t.db, 'PS_SHOP_NAME', order.id_shop))!;
    const firstname = replaceNonGsm(order.customer.firstname).text;
    const textsOf = (key: string) => rows.filter((r) => r.event === key).map((r) => r.message);
    for (const event of catalogue.filter((e) => e.hasOrder)) {
      for (const text of textsOf(event.key)) expect(text, event.key).to.include(order.reference);
    }
    expect(textsOf('customer_account_created')).to.include(`Votre compte client ${replaceNonGsm(shop).text} a été créé. Bienvenue ${firstname} !`);
    expect(textsOf('tracking_number_updated')[0]).to.equal(`Numéro de suivi de la commande ${order.reference} mis à jour : ${order.tracking_number}.`);
    const amount = Number(order.total_paid_tax_incl).toFixed(2);
    expect(textsOf('order_state:6')).to.include(`Commande ${order.reference} annulée. Le montant était de ${amount.replace('.', ',')} ${order.currency_iso}.`);
    expect(textsOf('order_state:6')).to.include(`Order ${order.reference} canceled. The amount was ${amount.replace('.', order.lang_iso === 'fr' ? ',' : '.')} ${order.currency_iso}.`);
  });
});
