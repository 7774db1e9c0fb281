import { expect } from 'chai';
import { BAD_KEYID_MESSAGE, FAKE_KEYID, FakeIsendpro, IP_MESSAGE, startFakeIsendpro } from '../fakes/isendpro';
import { expectContractKept, isendproFor, rejectionOf } from './helpers';

describe('iSendPro adapter: count, credit, directories and blacklist, against the fake provider', () => {
  let fake: FakeIsendpro;

  before(async () => {
    fake = await startFakeIsendpro();
  });
  afterEach(() => {
    expectContractKept(fake);
    fake.reset();
  });
  after(() => fake.close());

  it('counts characters and parts through /comptage', async () => {
    const count = await isendproFor(fake).count({ to: '+33612345678', text: 'x'.repeat(200) }, { sender: 'MaBoutique' });
    expect(count).to.deep.equal({ characters: 200, parts: 2 });
    expect(fake.requests[0].body).to.deep.include({ comptage: '1', num: '33612345678', emetteur: 'MaBoutique' });
  });

  it('reads the credit with a form-encoded POST asking for euros and SMS to France', async () => {
    expect(await isendproFor(fake).credit()).to.deep.equal({ amount: 10, smsFrance: 343 });
    expect(fake.requests.map((r) => [r.method, r.contentType])).to.deep.equal([['POST', 'application/x-www-form-urlencoded']]);
    expect(fake.requests[0].body).to.deep.equal({ keyid: FAKE_KEYID, credit: '2' });
  });

  it('falls back to GET /credit when the server does not serve the POST form', async () => {
    fake.setSwitches({ creditPost: false, credit: { amount: 2.5, quantite: 40 } });
    expect(await isendproFor(fake).credit()).to.deep.equal({ amount: 2.5, smsFrance: 40 });
    expect(fake.requests.map((r) => r.method)).to.deep.equal(['POST', 'GET']);
    expect(fake.requests[1].query).to.deep.equal({ keyid: FAKE_KEYID, credit: '2' });
  });

  it('fails with provider_failed, the HTTP status and the provider words on a bad keyid, without the keyid', async () => {
    const err = await rejectionOf(isendproFor(fake, { keyid: 'badkeyid999' }).credit());
    expect(err.code).to.equal('provider_failed');
    expect(err.params).to.include({ httpStatus: 400, providerCode: '1', providerMessage: BAD_KEYID_MESSAGE, reason: 'bad_credentials' });
    expect(JSON.stringify({ message: err.message, params: err.params })).not.to.include('badkeyid999');
  });

  it('fails with reason ip_not_allowed when the IP is not whitelisted', async () => {
    fake.setSwitches({ ipAllowed: false });
    const err = await rejectionOf(isendproFor(fake).credit());
    expect(err.params).to.include({ providerMessage: IP_MESSAGE, reason: 'ip_not_allowed' });
  });

  it('fails with the HTTP status on a 500, without retrying', async () => {
    fake.setSwitches({ faults: [{ kind: 'http', status: 500 }] });
    const err = await rejectionOf(isendproFor(fake).count({ to: '+33612345678', text: 'x' }));
    expect(err.params).to.include({ httpStatus: 500 });
    expect(fake.requests).to.have.length(1);
  });

  it('fails as provider_failed, not as a crash, on a timeout or a dropped connection', async () => {
    fake.setSwitches({ faults: [{ kind: 'hang', times: 1 }, { kind: 'drop', times: 1 }] });
    const timedOut = await rejectionOf(isendproFor(fake, { timeoutMs: 150 }).credit());
    expect(timedOut.params).to.include({ providerCode: 'timeout', httpStatus: null });
    const dropped = await rejectionOf(isendproFor(fake).createDirectory('x'));
    expect(dropped.code).to.equal('provider_failed');
  });

  it('fails with a clear error when no keyid is configured', async () => {
    const err = await rejectionOf(isendproFor(fake, { keyid: null }).credit());
    expect(err.code).to.equal('invalid_config');
    expect(fake.requests).to.have.length(0);
  });

  it('creates a directory and adds numbers with the customer names as champ1', async () => {
    const provider = isendproFor(fake, { batchSize: 2 });
    const id = await provider.createDirectory('Clients fidèles');
    fake.setSwitches({ unassigned: ['+33698765432'] });
    const contacts = [
      { phone: '+33612345678', name: 'Dupont' },
      { phone: '+33698765432', name: 'Martin' },
      { phone: '+33611111111', name: 'Durand' },
    ];
    const results = await provider.addToDirectory(id, contacts);
    expect(results.map((r) => [r.phone, r.status, r.code])).to.deep.equal([
      ['+33612345678', 'accepted', '0'],
      ['+33698765432', 'rejected', '21'],
      ['+33611111111', 'accepted', '0'],
    ]);
    expect(fake.requests.map((r) => r.method)).to.deep.equal(['POST', 'PUT', 'PUT']);
    expect(fake.requests[1].body).to.deep.include({ repertoireEdit: 'add', repertoireId: id, champ1: ['Dupont', 'Martin'] });
    expect(fake.state.directories.get(id)?.contacts.map((c) => c.name)).to.deep.equal(['Dupont', 'Durand']);
  });

  it('reads the zipped blacklist CSV as E.164 numbers', async () => {
    fake.setSwitches({ blacklisted: ['0612345678', '32470123456'] });
    expect((await isendproFor(fake).readBlacklist()).sort()).to.deep.equal(['+32470123456', '+33612345678']);
    expect(fake.requests[0]).to.deep.include({ method: 'POST', path: '/getlistenoire', query: { keyid: FAKE_KEYID, getListeNoire: '1' } });
  });

  it('adds a number to the blacklist, which the next export lists', async () => {
    const provider = isendproFor(fake);
    await provider.addToBlacklist('+33612345678');
    expect(fake.requests[0].query).to.deep.equal({ keyid: FAKE_KEYID, setlisteNoire: '1', num: '33612345678' });
    expect(await provider.readBlacklist()).to.deep.equal(['+33612345678']);
  });

  it('fails as provider_failed when the blacklist export is refused', async () => {
    const err = await rejectionOf(isendproFor(fake, { keyid: 'badkeyid999' }).readBlacklist());
    expect(err.params).to.include({ httpStatus: 400, providerMessage: BAD_KEYID_MESSAGE });
  });

  it('reports configured only when a keyid is set', async () => {
    expect(await isendproFor(fake).configured()).to.equal(true);
    expect(await isendproFor(fake, { keyid: null }).configured()).to.equal(false);
  });
});
