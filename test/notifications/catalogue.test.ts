import { expect } from 'chai';
import { createLogger } from '../../service/src/logging';
import {
  buildCatalogue,
  claimEvents,
  createRule,
  DEFAULT_ORDER_STATES,
  eventKeyOf,
  NAMED_EVENTS,
  OUTBOX_EVENT_TO_KEY,
  parseRuleInput,
  processEvent,
  templateAudienceFor,
} from '../../service/src/notifications';
import { writeSetting } from '../../service/src/settings';
import { listOrderStates } from '../../service/src/shop/read-model';
import { checkMessage } from '../../service/src/sms';
import { checkTemplate } from '../../service/src/templates';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { addAddress, addCustomer, addOrder, addOutboxEvent, createShop, CUSTOM_STATE } from '../helpers/shop-fixtures';
import { scriptedProvider } from '../helpers/scripted-provider';

const states = Object.keys(DEFAULT_ORDER_STATES).map((id) => ({ id: Number(id), names: {} }));

describe('notification event catalogue', () => {
  const catalogue = buildCatalogue(states);

  it('has the 13 default order states and the 6 named events of the annex', () => {
    expect(catalogue.map((e) => e.key)).to.deep.equal([
      ...Array.from({ length: 13 }, (_, i) => `order_state:${i + 1}`),
      ...Object.keys(NAMED_EVENTS),
    ]);
  });

  it('gives every event an FR and EN default text for both audiences, in the GSM alphabet and a single part or few', () => {
    for (const event of catalogue) {
      for (const audience of ['admin', 'client'] as const) {
        for (const lang of ['fr', 'en'] as const) {
          const text = event.defaults[audience][lang];
          const where = `${event.key} ${audience} ${lang}`;
          expect(text, where).to.be.a('string').and.not.equal('');
          expect(checkMessage(text, { country: 'FR' }).count.encoding, `${where}: ${text}`).to.equal('GSM');
          expect(checkTemplate(text, templateAudienceFor([event.key])).issues, where).to.deep.equal([]);
        }
      }
    }
  });

  it('names a merchant-made state from order_state_lang and gives it a generic text', () => {
    const [custom] = buildCatalogue([{ id: 42, names: { fr: 'Retiré en boutique', en: 'Picked up' } }]);
    expect(custom.key).to.equal('order_state:42');
    expect(custom.label).to.deep.equal({ fr: 'Retiré en boutique', en: 'Picked up' });
    expect(custom.defaults.client.fr).to.include('{order_state}');
  });

  it('maps every event the module writes to a catalogue key', () => {
    expect(eventKeyOf({ event: 'order_state', id_order_state: 5 })).to.equal('order_state:5');
    expect(eventKeyOf({ event: 'order_state', id_order_state: null })).to.equal(null);
    expect(eventKeyOf({ event: 'order_slip_added', id_order_state: null })).to.equal('order_modified');
    expect(eventKeyOf({ event: 'order_edited', id_order_state: null })).to.equal('order_modified');
    expect(eventKeyOf({ event: 'order_return', id_order_state: null })).to.equal('customer_return');
    expect(eventKeyOf({ event: 'nonsense', id_order_state: null })).to.equal(null);
    expect(Object.keys(OUTBOX_EVENT_TO_KEY)).to.have.length(8);
  });
});

describe('notification rule validation', () => {
  const valid = { audience: 'client', events: ['order_state:4'], sender: 'MaBoutique', message: 'Commande {order_reference}' };

  it('accepts a valid rule and fills the defaults', () => {
    expect(parseRuleInput(valid)).to.deep.equal({ ...valid, id_shop: 0, active: true });
  });

  it('refuses an unknown variable instead of blanking it at send time, and suggests the right one', () => {
    expect(() => parseRuleInput({ ...valid, message: 'Bonjour {client_nom}' })).to.throw(/\{client_nom\} is not a known variable/);
  });

  it('refuses order variables in a rule that listens to account creation', () => {
    expect(() => parseRuleInput({ ...valid, events: ['order_state:4', 'customer_account_created'] })).to.throw(
      /\{order_reference\} is not available for the chosen events/,
    );
  });

  it('refuses a bad sender, an unknown event, no event and an empty text, naming each', () => {
    expect(() => parseRuleInput({ ...valid, sender: '123' })).to.throw(/sender/i);
    expect(() => parseRuleInput({ ...valid, events: ['order_state:abc'] })).to.throw(/events\.0: unknown event/);
    expect(() => parseRuleInput({ ...valid, events: [] })).to.throw(/choose at least one event/);
    expect(() => parseRuleInput({ ...valid, message: '' })).to.throw(/the text is empty/);
    expect(() => parseRuleInput({ ...valid, audience: 'everyone' })).to.throw(/audience/);
  });
});

describeEachDialect('default texts with a real order', (dialect) => {
  let t: TestDatabase;
  before(async () => {
    t = await dialect.create();
    await createShop(t.db);
  });
  after(async () => {
    await t.drop();
  });

  it('renders every event of the shop, both audiences, with no placeholder left', async () => {
    const provider = scriptedProvider();
    const deps = { db: t.db, provider, log: createLogger('silent'), worker: 'w', now: () => new Date(), duplicateWindowSeconds: 0, retryForSeconds: 60 };
    await writeSetting(t.db, 'admin_phone', '0699887766');
    const customer = await addCustomer(t.db, { firstname: 'Marie', lastname: 'Dupont' });
    const home = await addAddress(t.db, { id_customer: customer, phone_mobile: '0612345678', address1: '3 rue Neuve', postcode: '69001', city: 'Lyon' });
    const order = await addOrder(t.db, { id_customer: customer, id_address_delivery: home, reference: 'REFXYZ', total_paid_tax_incl: '110.000000', tracking_number: 'TRK123' });
    const catalogue = buildCatalogue(await listOrderStates(t.db));
    expect(catalogue.some((e) => e.key === `order_state:${CUSTOM_STATE}`)).to.equal(true);
    for (const event of catalogue) {
      for (const audience of ['admin', 'client'] as const) {
        await createRule(t.db, { id_shop: 0, audience, events: [event.key], sender: null, message: event.defaults[audience].fr, active: true });
      }
      const [kind, state] = event.key.split(':');
      const outboxEvent = Object.entries(OUTBOX_EVENT_TO_KEY).find(([, key]) => key === kind)![0];
      await addOutboxEvent(t.db, { event: outboxEvent, id_order: order, id_customer: customer, id_order_state: state ? Number(state) : null });
    }
    for (const row of await claimEvents(t.db, 'w', 1000)) expect(await processEvent(deps, row)).to.equal('done');
    const texts = provider.calls.flatMap((c) => c.messages.map((m) => m.text));
    expect(texts).to.have.length(catalogue.length * 2);
    for (const text of texts) expect(text).not.to.match(/[{}]/);
    expect(texts).to.include('Commande REFXYZ annulée. Le montant était de 110,00 EUR.');
    expect(texts).to.include('Votre commande REFXYZ a le numéro de suivi TRK123. Livraison : 3 rue Neuve  69001 Lyon France');
    expect(texts.some((x) => x.includes('Retiré en boutique'))).to.equal(true);
  });
});
