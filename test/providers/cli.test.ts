import { expect } from 'chai';
import sinon from 'sinon';
import { runCli } from '../../service/src/cli/main';
import { FAKE_KEYID, FakeIsendpro, startFakeIsendpro } from '../fakes/isendpro';
import { sqliteDialect, TestDatabase } from '../helpers/databases';

/** Runs `shopcast ...` in-process with these environment variables; returns exit code and output. */
async function shopcast(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let out = '';
  const capture = (chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  };
  const stdout = sinon.stub(process.stdout, 'write').callsFake(capture);
  const stderr = sinon.stub(process.stderr, 'write').callsFake(capture);
  try {
    return { code: await runCli(argv), out };
  } finally {
    stdout.restore();
    stderr.restore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('shopcast provider / sms send / optout CLI', () => {
  let t: TestDatabase;
  let fake: FakeIsendpro;
  let sandbox: Record<string, string>;
  let isendpro: Record<string, string>;

  before(async () => {
    t = await sqliteDialect.create();
    fake = await startFakeIsendpro();
    sandbox = { SHOPCAST_DB_URL: t.url, SHOPCAST_PROVIDER: 'sandbox' };
    isendpro = { ...sandbox, SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_ISENDPRO_KEYID: FAKE_KEYID };
  });
  beforeEach(() => fake.reset());
  after(async () => {
    await fake?.close();
    await t?.drop();
  });

  it('checks the sandbox provider without any network call', async () => {
    const { code, out } = await shopcast(sandbox, 'provider', 'check');
    expect(code).to.equal(0);
    expect(out).to.include('provider: sandbox').and.include('Sandbox mode');
  });

  it('checks iSendPro credentials and prints the credit', async () => {
    const { code, out } = await shopcast(isendpro, 'provider', 'check');
    expect(code).to.equal(0);
    expect(out).to.include('configured: yes').and.include('You can send 343 SMS in France');
  });

  it('exits 1 with the seed message when the keyid is wrong, without printing it', async () => {
    const { code, out } = await shopcast({ ...isendpro, SHOPCAST_ISENDPRO_KEYID: 'wrongkeyid0000' }, 'provider', 'check');
    expect(code).to.equal(1);
    expect(out).to.include('Your credentials are incorrect');
    expect(out).not.to.include('wrongkeyid0000');
  });

  it('sends one SMS through the sandbox and records it', async () => {
    const { code, out } = await shopcast(sandbox, 'sms', 'send', '--to', '06 12 34 56 78', '--text', 'Test', '--sender', 'MaBoutique');
    expect(code).to.equal(0);
    expect(out).to.match(/^accepted \(provider sandbox, tracker cli[0-9a-f]{16}/);
    const rows = await t.db.knex(t.db.ownTable('sandbox_message')).select('recipient', 'sender', 'message');
    expect(rows).to.deep.equal([{ recipient: '+33612345678', sender: 'MaBoutique', message: 'Test' }]);
  });

  it('sends one SMS to iSendPro through /sms in the provider number format', async () => {
    const { code } = await shopcast(isendpro, 'sms', 'send', '--to', '0612345678', '--text', 'Test');
    expect(code).to.equal(0);
    expect(fake.requests.map((r) => [r.path, (r.body as { num: string }).num])).to.deep.equal([['/sms', '33612345678']]);
  });

  it('passes the provider test mode with --sandbox, and on every call with SHOPCAST_ISENDPRO_SANDBOX=1', async () => {
    expect((await shopcast(isendpro, 'sms', 'send', '--to', '0612345678', '--text', 'Test', '--sandbox')).code).to.equal(0);
    expect((await shopcast({ ...isendpro, SHOPCAST_ISENDPRO_SANDBOX: '1' }, 'sms', 'send', '--to', '0612345678', '--text', 'Test')).code).to.equal(0);
    expect((await shopcast(isendpro, 'sms', 'send', '--to', '0612345678', '--text', 'Test')).code).to.equal(0);
    expect(fake.requests.map((r) => (r.body as { sandbox?: string }).sandbox ?? null)).to.deep.equal(['1', '1', null]);
  });

  it('refuses UCS-2 to France and a text over 6 parts with status 2 before calling the provider', async () => {
    const ucs2 = await shopcast(isendpro, 'sms', 'send', '--to', '0612345678', '--text', 'Garçon');
    expect(ucs2.code).to.equal(2);
    expect(ucs2.out).to.include('cannot be sent to FR');
    const long = await shopcast(isendpro, 'sms', 'send', '--to', '0612345678', '--text', 'a'.repeat(907), '--sender', 'MaBoutique', '--marketing');
    expect(long.code).to.equal(2);
    expect(long.out).to.include('at most 6 are sent');
    expect(fake.requests).to.have.length(0);
  });

  it('sends UCS-2 outside France with the ucs2 option', async () => {
    expect((await shopcast(isendpro, 'sms', 'send', '--to', '+32470123456', '--text', 'Garçon')).code).to.equal(0);
    expect(fake.requests[0].body).to.deep.include({ num: '32470123456', ucs2: '1' });
  });

  it('exits 1 when the SMS is rejected and 2 for a landline or a bad sender', async () => {
    expect((await shopcast(sandbox, 'sms', 'send', '--to', '+33612340011', '--text', 'x')).code).to.equal(1);
    expect((await shopcast(sandbox, 'sms', 'send', '--to', '0140000000', '--text', 'x')).code).to.equal(2);
    expect((await shopcast(sandbox, 'sms', 'send', '--to', '0612345678', '--text', 'x', '--sender', '12345')).code).to.equal(2);
  });

  it('keeps `sms count` working beside `sms send` in the same group', async () => {
    const { code, out } = await shopcast(sandbox, 'sms', 'count', 'Bonjour');
    expect(code).to.equal(0);
    expect(out).to.include('1 part');
  });

  it('imports the provider blacklist into the opt-out table', async () => {
    fake.setSwitches({ blacklisted: ['0698765432'] });
    const { code, out } = await shopcast(isendpro, 'optout', 'import');
    expect(code).to.equal(0);
    expect(out).to.include('read 1, added 1, skipped 0');
    expect(await t.db.knex(t.db.ownTable('opt_out')).pluck('phone')).to.deep.equal(['+33698765432']);
  });
});
