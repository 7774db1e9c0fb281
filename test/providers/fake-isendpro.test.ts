import { expect } from 'chai';
import { FAKE_KEYID, FakeIsendpro, loadSpec, startFakeIsendpro, validateRequest } from '../fakes/isendpro';

/** The fake is only as good as its contract check: these prove it catches what the spec forbids. */
describe('fake iSendPro: contract validation', () => {
  const spec = loadSpec();
  const sms = (body: unknown) => validateRequest(spec, { method: 'POST', path: '/smsmulti', query: {}, body });

  it('accepts a /smsmulti body that honours SMSRequest, with the sandbox extension', () => {
    expect(sms({ keyid: 'k', num: ['33612345678'], sms: ['hi'], tracker: ['t1'], sandbox: '1' })).to.deep.equal([]);
  });

  it('names a missing required field, a wrong type and a misspelt field', () => {
    expect(sms({ num: ['33612345678'], sms: ['hi'] })).to.deep.equal(['body.keyid is required']);
    expect(sms({ keyid: 'k', num: '33612345678', sms: ['hi'] })).to.deep.equal(['body.num: expected array, got string']);
    expect(sms({ keyid: 'k', num: ['1'], sms: ['hi'], emeteur: 'Shop' })).to.deep.equal(['body.emeteur is not in the contract']);
  });

  it('checks query parameters, their enums and unexpected ones', () => {
    const problems = validateRequest(spec, { method: 'POST', path: '/getlistenoire', query: { keyid: 'k', getListeNoire: '2', x: '1' }, body: undefined });
    expect(problems).to.deep.equal(['query.getListeNoire: "2" is not one of ["1"]', 'query parameter x is not in the contract']);
  });

  it('refuses an operation the contract does not have', () => {
    expect(validateRequest(spec, { method: 'DELETE', path: '/sms', query: {}, body: undefined })).to.have.length(1);
  });

  describe('over HTTP', () => {
    let fake: FakeIsendpro;
    before(async () => {
      fake = await startFakeIsendpro();
    });
    after(() => fake.close());

    it('answers 400 to a request that breaks the contract and records why', async () => {
      const res = await fetch(`${fake.url}/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ keyid: FAKE_KEYID, num: 33612345678, sms: 'x' }),
      });
      expect(res.status).to.equal(400);
      expect(fake.requests[0].problems).to.deep.equal(['body.num: expected string, got number']);
    });
  });
});
