import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { BAD_KEYID_MESSAGE, FakeIsendpro, IP_MESSAGE, startFakeIsendpro } from '../fakes/isendpro';
import { expectContractKept, isendproFor, messages, rejectionOf } from './helpers';

describe('iSendPro adapter: sending, against the fake provider', () => {
  let fake: FakeIsendpro;

  before(async () => {
    fake = await startFakeIsendpro();
  });
  afterEach(() => {
    expectContractKept(fake);
    fake.reset();
  });
  after(() => fake.close());

  it('sends one message through /sms with its tracker, sender and the provider number format', async () => {
    const [result] = await isendproFor(fake).send([{ to: '+33612345678', text: 'Bonjour', tracker: 'abc123' }], { sender: 'MaBoutique' });
    expect(result).to.include({ status: 'accepted', code: '0', tracker: 'abc123', to: '+33612345678' });
    expect(fake.requests).to.have.length(1);
    expect(fake.requests[0]).to.include({ method: 'POST', path: '/sms' });
    expect(fake.requests[0].body).to.deep.include({ num: '33612345678', sms: 'Bonjour', tracker: 'abc123', emetteur: 'MaBoutique', smslong: '999' });
  });

  it('splits a campaign into /smsmulti batches of the configured size with per-recipient texts and trackers', async () => {
    const batch = messages(5);
    const results = await isendproFor(fake, { batchSize: 2 }).send(batch);
    expect(results.map((r) => r.status)).to.deep.equal(Array(5).fill('accepted'));
    const sizes = fake.requests.map((r) => {
      const num = (r.body as { num: string[] | string }).num;
      return [r.path, Array.isArray(num) ? num.length : 1];
    });
    expect(sizes).to.deep.equal([
      ['/smsmulti', 2],
      ['/smsmulti', 2],
      ['/sms', 1],
    ]);
    const first = fake.requests[0].body as { sms: string[]; tracker: string[] };
    expect(first.sms).to.deep.equal([batch[0].text, batch[1].text]);
    expect(first.tracker).to.deep.equal(['t0', 't1']);
  });

  it('uses 500 messages per call by default', async () => {
    await isendproFor(fake).send(messages(501));
    expect(fake.requests.map((r) => r.path)).to.deep.equal(['/smsmulti', '/sms']);
    expect((fake.requests[0].body as { num: string[] }).num).to.have.length(500);
  });

  it('passes the sandbox, nostop and ucs2 options as the strings the API expects', async () => {
    await isendproFor(fake).send(messages(2), { sandbox: true, nostop: true, ucs2: true, marketing: false });
    expect(fake.requests[0].body).to.deep.include({ sandbox: '1', nostop: '1', ucs2: '1' });
  });

  it('refuses to drop the STOP mention of a marketing message before calling anyone', async () => {
    const err = await rejectionOf(isendproFor(fake).send(messages(1), { marketing: true, nostop: true }));
    expect(err.code).to.equal('invalid_input');
    expect(fake.requests).to.have.length(0);
  });

  it('refuses a tracker that is not 1 to 49 letters or digits before calling anyone', async () => {
    const err = await rejectionOf(isendproFor(fake).send([{ to: '+33612345678', text: 'x', tracker: 'has-dash' }]));
    expect(err.code).to.equal('invalid_input');
    expect(fake.requests).to.have.length(0);
  });

  it('maps code 11 and code 21 numbers to rejected with the provider code and message, the rest accepted', async () => {
    const batch = messages(3);
    fake.setSwitches({ blacklisted: [batch[0].to], unassigned: [batch[2].to] });
    const results = await isendproFor(fake).send(batch);
    expect(results.map((r) => [r.status, r.code, r.message])).to.deep.equal([
      ['rejected', '11', 'Numéro en liste noire'],
      ['accepted', '0', 'Envoyé'],
      ['rejected', '21', 'Numéro non attribué'],
    ]);
  });

  it('reads answers whose etat is an object and whose codes are numbers', async () => {
    fake.setSwitches({ etatShape: 'object', codeType: 'number', unassigned: ['+33612345678'] });
    const [result] = await isendproFor(fake).send([{ to: '+33612345678', text: 'x', tracker: 'a1' }]);
    expect(result).to.include({ status: 'rejected', code: '21' });
  });

  it('rejects every message with the provider words when the keyid is wrong, and never echoes the keyid', async () => {
    const results = await isendproFor(fake, { keyid: 'wrongkeyid123' }).send(messages(3));
    expect(results.every((r) => r.status === 'rejected' && r.message === BAD_KEYID_MESSAGE && r.retryable)).to.equal(true);
    expect(JSON.stringify(results)).not.to.include('wrongkeyid123');
  });

  it('stops calling after a batch refused as a whole, giving the remaining batches the same result', async () => {
    const results = await isendproFor(fake, { keyid: 'wrongkeyid123', batchSize: 2 }).send(messages(6));
    expect(results.map((r) => [r.tracker, r.status, r.message])).to.deep.equal(
      ['t0', 't1', 't2', 't3', 't4', 't5'].map((t) => [t, 'rejected', BAD_KEYID_MESSAGE]),
    );
    expect(fake.requests).to.have.length(1);
  });

  it('goes on with the next batch after per-number refusals', async () => {
    const batch = messages(4);
    fake.setSwitches({ blacklisted: [batch[0].to, batch[1].to] });
    const results = await isendproFor(fake, { batchSize: 2 }).send(batch);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected', 'accepted', 'accepted']);
    expect(fake.requests).to.have.length(2);
  });

  it('rejects every message with the provider words when the IP is not authorised', async () => {
    fake.setSwitches({ ipAllowed: false });
    const results = await isendproFor(fake).send(messages(2));
    expect(results.map((r) => r.message)).to.deep.equal([IP_MESSAGE, IP_MESSAGE]);
    expect(results[0].status).to.equal('rejected');
  });

  it('rejects without calling when no keyid is configured', async () => {
    const [result] = await isendproFor(fake, { keyid: null }).send(messages(1));
    expect(result).to.include({ status: 'rejected', code: 'not_configured', retryable: true });
    expect(fake.requests).to.have.length(0);
  });

  it('marks a batch unknown on HTTP 500 and does not retry it', async () => {
    fake.setSwitches({ faults: [{ kind: 'http', status: 500 }] });
    const results = await isendproFor(fake).send(messages(3));
    expect(results.map((r) => [r.status, r.code])).to.deep.equal(Array(3).fill(['unknown', 'http_500']));
    expect(fake.requests).to.have.length(1);
  });

  it('retries a batch the provider answered 503 to, then records the real answer', async () => {
    fake.setSwitches({ faults: [{ kind: 'http', status: 503, times: 2 }] });
    const results = await isendproFor(fake).send(messages(3));
    expect(results.map((r) => r.status)).to.deep.equal(['accepted', 'accepted', 'accepted']);
    expect(fake.requests.map((r) => r.fault)).to.deep.equal(['http', 'http', null]);
  });

  it('honours Retry-After on 429 and gives up as rejected, retryable, after the allowed retries', async () => {
    fake.setSwitches({ faults: [{ kind: 'http', status: 429, retryAfter: 0 }] });
    const results = await isendproFor(fake, { retries: 2 }).send(messages(2));
    expect(results.map((r) => [r.status, r.code, r.retryable])).to.deep.equal(Array(2).fill(['rejected', 'http_429', true]));
    expect(fake.requests).to.have.length(3);
  });

  it('marks the batch unknown and sends nothing twice when the connection drops after the request was written', async () => {
    fake.setSwitches({ faults: [{ kind: 'drop', path: '/smsmulti', times: 1 }] });
    const results = await isendproFor(fake, { batchSize: 3 }).send(messages(6));
    expect(results.map((r) => r.status)).to.deep.equal(['unknown', 'unknown', 'unknown', 'accepted', 'accepted', 'accepted']);
    expect(fake.requests).to.have.length(2);
    const trackers = fake.requests.flatMap((r) => (r.body as { tracker: string[] }).tracker);
    expect(trackers).to.deep.equal(['t0', 't1', 't2', 't3', 't4', 't5']);
  });

  it('marks the batch unknown after a timeout and does not retry it', async () => {
    fake.setSwitches({ faults: [{ kind: 'hang', times: 1 }] });
    const results = await isendproFor(fake, { timeoutMs: 150 }).send(messages(2));
    expect(results.map((r) => [r.status, r.code])).to.deep.equal(Array(2).fill(['unknown', 'timeout']));
    expect(fake.requests).to.have.length(1);
  });

  it('waits for a slow provider that answers within the timeout', async () => {
    fake.setSwitches({ delayMs: 100 });
    const results = await isendproFor(fake, { timeoutMs: 2000 }).send(messages(2));
    expect(results.map((r) => r.status)).to.deep.equal(['accepted', 'accepted']);
  });

  it('retries a refused connection and ends rejected, retryable, with nothing sent', async () => {
    const closedUrl = await unusedUrl();
    const results = await isendproFor(fake, { baseUrl: closedUrl, retries: 2 }).send(messages(2));
    expect(results.map((r) => [r.status, r.code, r.retryable])).to.deep.equal(Array(2).fill(['rejected', 'ECONNREFUSED', true]));
  });

  it('returns no result and makes no call for an empty list', async () => {
    expect(await isendproFor(fake).send([])).to.deep.equal([]);
    expect(fake.requests).to.have.length(0);
  });
});

/** A loopback URL nobody listens on: a server bound then closed leaves its port free. */
async function unusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/cgi-bin`;
}
