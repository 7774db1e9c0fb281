import https from 'node:https';
import { expect } from 'chai';
import { FAKE_KEYID, FAKE_TLS, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { isendproFor, messages, rejectionOf } from './helpers';

/**
 * TLS failures happen during the handshake, before Node writes the request: the batch was not
 * sent, so it is rejected as retryable (never unknown), and the transport does not retry a
 * certificate that will be refused again.
 */
describe('iSendPro adapter: TLS failures are "not written"', () => {
  let secure: FakeIsendpro;
  let plain: FakeIsendpro;

  before(async () => {
    secure = await startFakeIsendpro({}, { tls: true });
    plain = await startFakeIsendpro();
  });
  afterEach(() => {
    secure.reset();
    plain.reset();
  });
  after(async () => {
    await secure.close();
    await plain.close();
  });

  it('serves its contract over HTTPS to a client that trusts its certificate', async () => {
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const body = JSON.stringify({ keyid: FAKE_KEYID, num: '33612345678', sms: 'Bonjour' });
      const req = https.request(`${secure.url}/sms`, { method: 'POST', ca: FAKE_TLS.cert, headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.have.nested.property('etat.etat.code', '0');
    expect(secure.received).to.equal(1);
  });

  it('rejects a batch as retryable with the certificate code when the certificate is not trusted, without a retry', async () => {
    const results = await isendproFor(secure, { retries: 2 }).send(messages(3));
    expect(results.map((r) => [r.status, r.code, r.retryable])).to.deep.equal(Array(3).fill(['rejected', 'DEPTH_ZERO_SELF_SIGNED_CERT', true]));
    expect(results[0].message).to.equal('secure connection to the provider refused (TLS)');
    expect(secure.received).to.equal(0);
  });

  it('rejects a batch as retryable when the server at an https URL does not speak TLS', async () => {
    const results = await isendproFor(plain, { baseUrl: plain.url.replace(/^http:/, 'https:') }).send(messages(2));
    expect(results.map((r) => [r.status, r.code, r.retryable])).to.deep.equal(Array(2).fill(['rejected', 'EPROTO', true]));
    expect(plain.received).to.equal(0);
  });

  it('fails a credit call with provider_failed naming the TLS code', async () => {
    const err = await rejectionOf(isendproFor(secure).credit());
    expect(err.code).to.equal('provider_failed');
    expect(err.params).to.include({ providerCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', httpStatus: null });
  });
});
