import { expect } from 'chai';
import { normalizePhone } from '../../service/src/sms';
import { chooseAddressNumber, customerChoice } from '../../service/src/segments/reachability';
import { maskPreviewEmail, maskPreviewPhone } from '../../service/src/segments/mask';

const address = (fields: { phone?: string | null; phone_mobile?: string | null; country?: string }) => ({
  id_address: 42,
  date_add: '2024-05-06 07:08:09',
  country: fields.country ?? 'FR',
  phone: fields.phone ?? null,
  phone_mobile: fields.phone_mobile ?? null,
});

describe('number choice of one address', () => {
  it('prefers phone_mobile, then phone when it is a mobile', () => {
    expect(chooseAddressNumber(address({ phone_mobile: '06 12 34 56 78', phone: '07 81 22 33 44' }), normalizePhone)).to.include({ phone: '+33612345678', source_field: 'phone_mobile' });
    expect(chooseAddressNumber(address({ phone_mobile: '01 23 45 67 89', phone: '07 81 22 33 44' }), normalizePhone)).to.include({ phone: '+33781223344', source_field: 'phone' });
    expect(chooseAddressNumber(address({ phone_mobile: '   ', phone: '0033 6.12.34.56.78' }), normalizePhone)).to.include({ phone: '+33612345678', source_field: 'phone' });
  });

  it('parses national numbers with the address country as default', () => {
    expect(chooseAddressNumber(address({ phone_mobile: '0470 12 34 56', country: 'BE' }), normalizePhone).phone).to.equal('+32470123456');
    expect(chooseAddressNumber(address({ phone_mobile: '+32 470 12 34 56', country: 'FR' }), normalizePhone).phone).to.equal('+32470123456');
  });

  it('gives the drop reason when no field is a mobile', () => {
    const reason = (f: { phone?: string | null; phone_mobile?: string | null }) => chooseAddressNumber(address(f), normalizePhone).drop_reason;
    expect(reason({})).to.equal('empty');
    expect(reason({ phone_mobile: ' \t ' })).to.equal('empty');
    expect(reason({ phone_mobile: 'n/a' })).to.equal('invalid');
    expect(reason({ phone_mobile: '01 23 45 67 89' })).to.equal('landline');
    expect(reason({ phone_mobile: 'junk', phone: '01 23 45 67 89' })).to.equal('landline');
  });

  it('encodes date, id, country and number in a pick key that sorts newest first', () => {
    const key = chooseAddressNumber(address({ phone_mobile: '0612345678' }), normalizePhone).pick_key;
    expect(key).to.equal('92024-05-06 07:08:090000000042FR_+33612345678');
    expect(customerChoice(key)).to.deep.equal({ phone: '+33612345678', country: 'FR', id_address: 42, drop_reason: null });
    const older = chooseAddressNumber({ ...address({ phone_mobile: '0699999999' }), date_add: '2024-05-06 07:08:08', id_address: 99 }, normalizePhone).pick_key;
    expect(key > older).to.equal(true);
    expect(key > chooseAddressNumber(address({ phone: '0123456789' }), normalizePhone).pick_key).to.equal(true);
  });

  it('decodes the best reason of a customer without a number', () => {
    const reason = (pick: string | null) => customerChoice(pick).drop_reason;
    expect([reason('3'), reason('2'), reason('1'), reason(null)]).to.deep.equal(['landline', 'invalid', 'no_number', 'no_number']);
  });
});

describe('preview masking', () => {
  it('shows the country code, the first national digit and the last two digits', () => {
    expect(maskPreviewPhone('+33612345678')).to.equal('+33 6 ** ** ** 78');
    expect(maskPreviewPhone('+32470123456')).to.equal('+32 4** ** ** 56');
  });

  it('stars an email\'s local part after its first character, keeping the domain and the length', () => {
    expect(maskPreviewEmail('marie.dupont@example.com')).to.equal('m***********@example.com');
    expect(maskPreviewEmail('zoe@example.com')).to.have.length('zoe@example.com'.length);
    expect([maskPreviewEmail(''), maskPreviewEmail('abc')]).to.deep.equal(['', 'a**']);
  });
});
