import { expect } from 'chai';
import { ShopcastError } from '../../service/src/errors';
import { assertValidSender, validateSender } from '../../service/src/sms';

const codes = (name: string): string[] => validateSender(name).map((e) => e.code);

describe('sms sender name validation', () => {
  it('accepts 4 to 11 unaccented letters, digits and inner spaces', () => {
    for (const name of ['ABCD', 'MaBoutique', 'Shop 24', 'ABCDEFGHIJK', 'Ma Boutik 1', 'a234']) {
      expect(validateSender(name), name).to.deep.equal([]);
    }
  });

  it('refuses fewer than 4 characters, in French and English', () => {
    const [error] = validateSender('abc');
    expect(error.code).to.equal('sender_too_short');
    expect(error.params).to.deep.equal({ length: 3, min: 4 });
    expect(error.en).to.match(/at least 4/);
    expect(error.fr).to.match(/au moins 4/);
  });

  it('refuses more than 11 characters', () => {
    expect(codes('ABCDEFGHIJKL')).to.deep.equal(['sender_too_long']);
    expect(validateSender('ABCDEFGHIJKL')[0].fr).to.match(/11 au maximum/);
  });

  it('names the characters that are not allowed', () => {
    const [error] = validateSender('Boutique-é!');
    expect(error.code).to.equal('sender_invalid_chars');
    expect(error.params).to.deep.equal({ chars: ['-', 'é', '!'] });
    expect(error.en).to.contain('"-", "é", "!"');
    expect(error.fr).to.contain('sans accent');
  });

  it('refuses a name made only of digits, with or without spaces', () => {
    expect(codes('12345')).to.deep.equal(['sender_digits_only']);
    expect(codes('12 34')).to.deep.equal(['sender_digits_only']);
    expect(validateSender('12345')[0].fr).to.match(/au moins une lettre/);
  });

  it('refuses leading or trailing spaces', () => {
    expect(codes(' Shop')).to.deep.equal(['sender_edge_spaces']);
    expect(codes('Shop ')).to.deep.equal(['sender_edge_spaces']);
  });

  it('reports every broken rule at once', () => {
    expect(codes('')).to.deep.equal(['sender_too_short']);
    expect(codes('1é')).to.deep.equal(['sender_too_short', 'sender_invalid_chars']);
    expect(codes(' 123456789012 ')).to.deep.equal(['sender_too_long', 'sender_digits_only', 'sender_edge_spaces']);
  });

  it('throws invalid_input with the FR/EN messages as data', () => {
    try {
      assertValidSender('ab-');
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ShopcastError);
      const e = err as ShopcastError;
      expect(e.code).to.equal('invalid_input');
      expect(e.params.sender).to.equal('ab-');
      const errors = e.params.errors as Array<{ code: string; fr: string; en: string }>;
      expect(errors.map((x) => x.code)).to.deep.equal(['sender_too_short', 'sender_invalid_chars']);
      expect(errors.every((x) => x.fr.length > 0 && x.en.length > 0)).to.equal(true);
      expect(e.issues.map((i) => i.path)).to.deep.equal(['sender', 'sender']);
    }
    expect(() => assertValidSender('MaBoutique')).not.to.throw();
  });
});
