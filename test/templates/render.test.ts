import { expect } from 'chai';
import { ShopcastError } from '../../service/src/errors';
import {
  assertValidTemplate,
  checkTemplate,
  compileTemplate,
  estimateTemplate,
  renderAndCount,
  renderTemplate,
  type TemplateContext,
} from '../../service/src/templates';
import { seededRandom } from '../sms/corpus';

const context: TemplateContext = {
  client_name: 'Dupont',
  client_surname: 'Marie',
  order_reference: 'XKBKNABJK',
  order_amount: 59.9,
  order_currency: 'EUR',
  shop_name: 'Ma Boutique',
};

function thrown(fn: () => unknown): ShopcastError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ShopcastError) return err;
    throw err;
  }
  throw new Error('expected a ShopcastError');
}

describe('template rendering', () => {
  it("renders the seed's default texts, with commande_reference as an alias", () => {
    const text = 'Cher {client_surname} {client_name}, votre commande {commande_reference} a été expédiée. Bonne journée, {shop_name}.';
    expect(renderTemplate(text, 'notification', context)).to.equal(
      'Cher Marie Dupont, votre commande XKBKNABJK a été expédiée. Bonne journée, Ma Boutique.',
    );
  });

  it('renders numbers as text, missing values as empty, and never escapes HTML', () => {
    expect(renderTemplate('{order_amount} {order_currency} / {tracking_number}.', 'notification', context)).to.equal('59.9 EUR / .');
    expect(renderTemplate('{shop_name}', 'notification', { shop_name: '<b>A&B</b> "x" \'y\'' })).to.equal('<b>A&B</b> "x" \'y\'');
  });

  it('accepts blanks inside the braces of a placeholder', () => {
    expect(renderTemplate('Hi { client_name }', 'marketing', context)).to.equal('Hi Dupont');
  });

  it('keeps Handlebars syntax typed by the merchant as literal text', () => {
    const literal = [
      '{{client_name}}', '{{{client_name}}}', '{{#each items}}x{{/each}}', '{{> partial}}', '{{!-- note --}}',
      '{{else}}', '}}', '{{', '{{~ a ~}}', '{{lookup . "x"}}', '{{@root}}', '\\{{client_name}}', '{ not a variable }', '{-20%}',
    ];
    expect(renderTemplate('{{client_name}}', 'marketing', context)).to.equal('{Dupont}');
    for (const text of literal.filter((t) => !/\{[ \t]*[A-Za-z_]\w*[ \t]*\}/.test(t))) {
      expect(renderTemplate(text, 'marketing', context), text).to.equal(text);
    }
    expect(renderTemplate('\\{client_name} a\\\\{shop_name}\\', 'marketing', context)).to.equal('\\Dupont a\\\\Ma Boutique\\');
  });

  it('renders exactly like plain substitution on 3000 random texts full of braces and backslashes', () => {
    const rand = seededRandom(31337);
    const atoms = ['{', '}', '{{', '}}', '\\', '\\\\', '#', '>', '!', '~', '/', '^', '&', '"', 'a', ' ', '\u0000', '\n', 'else', '{client_name}', '{ shop_name }', '{commande_reference}'];
    const values: Record<string, string> = { client_name: 'Dupont', shop_name: 'Ma Boutique', commande_reference: 'XKBKNABJK' };
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const size = Math.floor(rand() * 20);
      for (let j = 0; j < size; j++) text += atoms[Math.floor(rand() * atoms.length)];
      // Atoms can spell a placeholder such as {a} or {else}: those texts must be refused instead.
      if (checkTemplate(text, 'notification').issues.length > 0) {
        refused++;
        expect(() => renderTemplate(text, 'notification', context), JSON.stringify(text)).to.throw(ShopcastError);
        continue;
      }
      const expected = text.replace(/\{[ \t]*([A-Za-z_]\w*)[ \t]*\}/g, (_m, name: string) => values[name]);
      expect(renderTemplate(text, 'notification', context), JSON.stringify(text)).to.equal(expected);
    }
    expect(refused).to.be.within(1, 300);
  });

  it('compiles a text once and reuses it', () => {
    const first = compileTemplate('Bonjour {client_name} !', 'marketing');
    expect(compileTemplate('Bonjour {client_name} !', 'marketing')).to.equal(first);
    expect(first.source).to.equal('Bonjour {{client_name}} !');
    expect(first.variables).to.deep.equal(['client_name']);
  });

  it('counts the parts of the rendered text, with the STOP mention for marketing', () => {
    const long = { ...context, client_name: 'D'.repeat(150) };
    const { text, check } = renderAndCount('Bonjour {client_name}', 'marketing', long);
    expect(text).to.have.length(158);
    expect(check.count).to.include({ encoding: 'GSM', parts: 2, length: 170, reserved: 12 });
    expect(renderAndCount('Bonjour {client_name}', 'notification', long).check.count).to.include({ parts: 1, reserved: 0 });
  });

  it('estimates a text with the catalogue examples before real data exists', () => {
    const check = estimateTemplate('Bonjour {client_surname}, -20% chez {shop_name} !', 'marketing');
    expect(check.text).to.equal('Bonjour Marie, -20% chez Ma Boutique !');
    expect(check.count).to.include({ encoding: 'GSM', parts: 1, length: 38 + 12 });
  });
});

describe('template validation', () => {
  it('lists the variables used, once each, in order', () => {
    expect(checkTemplate('{shop_name} {client_name} {shop_name}', 'marketing')).to.deep.equal({ variables: ['shop_name', 'client_name'], issues: [] });
  });

  it('rejects unknown variables at save time, listing each with its position and a suggestion', () => {
    const err = thrown(() => assertValidTemplate('Bonjour {client_nom}, code {promo} {PROMO}', 'notification'));
    expect(err.code).to.equal('invalid_input');
    expect(err.params).to.deep.equal({ audience: 'notification', unknown: ['client_nom', 'promo', 'PROMO'], unavailable: [] });
    expect(err.issues).to.deep.equal([
      { path: 'template', message: 'unknown variable {client_nom} at position 8 (did you mean {client_name}?)' },
      { path: 'template', message: 'unknown variable {promo} at position 27' },
      { path: 'template', message: 'unknown variable {PROMO} at position 35' },
    ]);
  });

  it('refuses order variables in marketing texts as not available', () => {
    const err = thrown(() => compileTemplate('Votre commande {order_reference}', 'marketing'));
    expect(err.params).to.deep.equal({ audience: 'marketing', unknown: [], unavailable: ['order_reference'] });
    expect(err.message).to.equal('not available in marketing texts: {order_reference}');
    expect(checkTemplate('Votre commande {order_reference}', 'notification').issues).to.deep.equal([]);
  });

  it('never renders a text with an unknown variable as blank', () => {
    expect(() => renderTemplate('Hi {nickname}', 'notification', context)).to.throw(ShopcastError, /unknown template variables: \{nickname\}/);
  });
});
