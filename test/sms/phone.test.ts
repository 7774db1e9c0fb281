import { expect } from 'chai';
import { describePhoneRejection, isTextableType, normalizePhone, toProviderFormat } from '../../service/src/sms';

describe('sms phone normalisation', () => {
  it('normalises the ways French buyers write a mobile number to one E.164 number', () => {
    const inputs = ['06 12 34 56 78', '06.12.34.56.78', '0612345678', '+33 6 12 34 56 78', '0033 6 12 34 56 78', '+33 (0)6 12 34 56 78', '33612345678', ' 06-12-34-56-78 '];
    for (const input of inputs) {
      expect(normalizePhone(input, 'FR'), input).to.deep.equal({
        valid: true,
        e164: '+33612345678',
        provider: '33612345678',
        type: 'MOBILE',
        mobile: true,
        country: 'FR',
      });
    }
  });

  it('tells a French landline from a mobile', () => {
    expect(normalizePhone('01 42 68 53 00', 'FR')).to.include({ valid: true, type: 'FIXED_LINE', mobile: false, e164: '+33142685300' });
    expect(normalizePhone('08 00 12 34 56', 'FR')).to.include({ valid: true, type: 'TOLL_FREE', mobile: false });
  });

  it('counts FIXED_LINE_OR_MOBILE numbers (North America) as textable', () => {
    expect(normalizePhone('(201) 555-0123', 'US')).to.include({ valid: true, type: 'FIXED_LINE_OR_MOBILE', mobile: true, e164: '+12015550123' });
    expect(isTextableType('FIXED_LINE_OR_MOBILE')).to.equal(true);
    expect(isTextableType('FIXED_LINE')).to.equal(false);
    expect(isTextableType(undefined)).to.equal(false);
  });

  it('uses the address country as default and accepts it in any case', () => {
    expect(normalizePhone('0470 12 34 56', 'be')).to.include({ valid: true, e164: '+32470123456', country: 'BE', mobile: true });
    expect(normalizePhone('0692 12 34 56', 'RE')).to.include({ valid: true, e164: '+262692123456', country: 'RE', mobile: true });
  });

  it('keeps the country of an international number even when the default differs', () => {
    expect(normalizePhone('+32 470 12 34 56', 'FR')).to.include({ valid: true, country: 'BE', e164: '+32470123456' });
  });

  it('rejects junk with a reason', () => {
    expect(normalizePhone('', 'FR')).to.deep.equal({ valid: false, reason: 'empty' });
    expect(normalizePhone('   ', 'FR')).to.deep.equal({ valid: false, reason: 'empty' });
    expect(normalizePhone(null, 'FR')).to.deep.equal({ valid: false, reason: 'empty' });
    expect(normalizePhone('n/a', 'FR')).to.deep.equal({ valid: false, reason: 'not_a_number' });
    expect(normalizePhone('06 12', 'FR')).to.deep.equal({ valid: false, reason: 'too_short' });
    expect(normalizePhone('061234567890123456789', 'FR')).to.deep.equal({ valid: false, reason: 'too_long' });
    expect(normalizePhone('0000000000', 'FR')).to.deep.equal({ valid: false, reason: 'invalid_number' });
    expect(normalizePhone('+999 12345', 'FR')).to.deep.equal({ valid: false, reason: 'invalid_country' });
  });

  it('cannot read a national number without a usable default country', () => {
    expect(normalizePhone('0612345678', null)).to.deep.equal({ valid: false, reason: 'invalid_country' });
    expect(normalizePhone('0612345678', 'XX')).to.deep.equal({ valid: false, reason: 'invalid_country' });
    expect(normalizePhone('+33612345678', 'XX')).to.include({ valid: true, e164: '+33612345678' });
  });

  it('gives the provider format without the plus sign', () => {
    expect(toProviderFormat('+33612345678')).to.equal('33612345678');
    expect(toProviderFormat('33612345678')).to.equal('33612345678');
  });

  it('describes each rejection in French and English', () => {
    expect(describePhoneRejection('too_short', 'fr')).to.equal('Le numéro est trop court.');
    expect(describePhoneRejection('invalid_country', 'en')).to.match(/international form/);
  });
});
