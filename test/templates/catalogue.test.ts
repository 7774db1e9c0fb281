import { expect } from 'chai';
import { canonicalName, contextValue, sampleContext, TEMPLATE_VARIABLES, variablesFor } from '../../service/src/templates';

describe('template variable catalogue', () => {
  it('holds every variable DESIGN lists, once each', () => {
    const address = ['alias', 'street', 'additional', 'postcode', 'city', 'country'];
    const expected = [
      'client_name', 'client_surname', 'client_firstname', 'client_lastname', 'client_email',
      'order_id', 'order_reference', 'commande_reference', 'order_payment_mode', 'order_amount', 'order_currency', 'order_state', 'tracking_number',
      ...address.map((f) => `delivery_address_${f}`),
      ...address.map((f) => `billing_address_${f}`),
      'shop_name',
    ];
    expect(TEMPLATE_VARIABLES.map((v) => v.name)).to.deep.equal(expected);
  });

  it('makes commande_reference an alias of order_reference', () => {
    expect(canonicalName('commande_reference')).to.equal('order_reference');
    expect(canonicalName('order_reference')).to.equal('order_reference');
  });

  it('offers only customer and shop variables to marketing campaigns', () => {
    const names = variablesFor('marketing').map((v) => v.name);
    expect(names).to.deep.equal(['client_name', 'client_surname', 'client_firstname', 'client_lastname', 'client_email', 'shop_name']);
    expect(variablesFor('notification')).to.have.length(TEMPLATE_VARIABLES.length);
  });

  it('labels every variable in French and English and gives an example value', () => {
    for (const v of TEMPLATE_VARIABLES) {
      expect(v.label.fr, v.name).to.not.equal('');
      expect(v.label.en, v.name).to.not.equal('');
      expect(sampleContext()[v.name], v.name).to.equal(v.example);
    }
  });

  it('reads a value under its canonical name or an alias, and renders missing values as empty', () => {
    expect(contextValue({ order_reference: 'R1' }, 'order_reference')).to.equal('R1');
    expect(contextValue({ commande_reference: 'R2' }, 'order_reference')).to.equal('R2');
    expect(contextValue({ order_id: 42 }, 'order_id')).to.equal('42');
    expect(contextValue({ tracking_number: null }, 'tracking_number')).to.equal('');
    expect(contextValue({}, 'shop_name')).to.equal('');
  });
});
