import { expect } from 'chai';
import crypto from 'node:crypto';
import { ensureModuleSecret, ensureSealKeys, readModuleSecret, sealFor, SEALED, storeModuleSecret } from '../../service/src/auth';
import { unseal } from '../../service/src/auth/sealed-secret';
import { loadConfig } from '../../service/src/config';
import { migrate } from '../../service/src/db';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

describe('sealing the module secret', () => {
  const pair = () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { privateKey, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  };

  it('opens what was sealed for its pair only, and never shows the secret', () => {
    const mine = pair();
    const sealed = sealFor(mine.publicKey, 'a1'.repeat(32));
    expect(sealed).to.match(/^sealed:v1:[A-Za-z0-9+/]+=*$/).and.not.include('a1a1');
    expect(unseal(mine, sealed)).to.equal('a1'.repeat(32));
    expect(unseal(pair(), sealed)).to.equal(null);
    expect(unseal(mine, 'sealed:v1:bm90IGEgc2VhbA==')).to.equal(null);
  });

  it('opens a value sealed the way PHP seals it (openssl_public_encrypt with OAEP, base64)', () => {
    const mine = pair();
    // PHP's OPENSSL_PKCS1_OAEP_PADDING is OAEP with SHA-1 and MGF1-SHA-1, Node's default for OAEP.
    const php = crypto.publicEncrypt({ key: mine.publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from('b2'.repeat(32)));
    expect(unseal(mine, SEALED.prefix + php.toString('base64'))).to.equal('b2'.repeat(32));
  });
});

describeEachDialect('module secret at rest', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
    await migrate(t.db);
  });
  afterEach(async () => t.drop());

  const row = async (name: string) => (await t.db.knex(t.db.ownTable('setting')).where({ id_shop: 0, name }).first()) as { value: string; is_secret: number } | undefined;

  it('makes one key pair: the private half encrypted with the settings key, the public half readable by PHP', async () => {
    const [a, b] = await Promise.all([ensureSealKeys(t.db), ensureSealKeys(t.db)]);
    expect(a.publicKey).to.equal(b.publicKey);
    expect((await ensureSealKeys(t.db)).publicKey).to.equal(a.publicKey);
    const priv = (await row(SEALED.privateKey))!;
    expect(priv.value).to.match(/^enc:v1:/).and.not.include('PRIVATE KEY');
    expect(Number(priv.is_secret)).to.equal(1);
    const pub = (await row(SEALED.publicKey))!;
    expect(pub.value).to.equal(a.publicKey).and.match(/^-----BEGIN PUBLIC KEY-----/);
    expect(Number(pub.is_secret)).to.equal(0);
  });

  it('generates a secret on first start, stores it sealed only, and keeps it on the next start', async () => {
    const config = loadConfig({});
    const [first, concurrent] = await Promise.all([ensureModuleSecret(t.db, config), ensureModuleSecret(t.db, config)]);
    expect(first).to.match(/^[0-9a-f]{64}$/);
    expect(concurrent).to.equal(first);
    expect(await ensureModuleSecret(t.db, config)).to.equal(first);
    const dump = JSON.stringify(await t.db.knex(t.db.ownTable('setting')).select());
    expect(dump).to.not.include(first);
    expect((await row(SEALED.secret))!.value).to.match(/^sealed:v1:/);
  });

  it('follows a secret the module sealed, and seals in place one an older version stored in plain text', async () => {
    const keys = await ensureSealKeys(t.db);
    await storeModuleSecret(t.db, keys, 'c3'.repeat(32));
    expect(await ensureModuleSecret(t.db, loadConfig({}))).to.equal('c3'.repeat(32));

    await t.db.knex(t.db.ownTable('setting')).where({ id_shop: 0, name: SEALED.secret }).update({ value: 'd4'.repeat(32) });
    expect(await readModuleSecret(t.db, keys)).to.equal('d4'.repeat(32));
    const sealed = (await row(SEALED.secret))!.value;
    expect(sealed).to.match(/^sealed:v1:/).and.not.include('d4d4');
    expect(await readModuleSecret(t.db, keys)).to.equal('d4'.repeat(32));
  });

  it('replaces a secret sealed for a pair it no longer has, so the module can seal its own again', async () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await ensureSealKeys(t.db);
    await t.db.knex(t.db.ownTable('setting')).insert({ id_shop: 0, name: SEALED.secret, value: sealFor(other, 'e5'.repeat(32)), is_secret: 1, updated_at: '2026-12-03 00:00:00' });
    const secret = await ensureModuleSecret(t.db, loadConfig({}));
    expect(secret).to.match(/^[0-9a-f]{64}$/).and.not.equal('e5'.repeat(32));
    expect(await readModuleSecret(t.db, await ensureSealKeys(t.db))).to.equal(secret);
  });

  it('refuses to start with another settings key, saying how to recover', async () => {
    await ensureModuleSecret(t.db, loadConfig({}));
    const err = await ensureSealKeys(t.db, Buffer.alloc(32, 9)).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).to.include('SHOPCAST_SECRET_KEY').and.include(SEALED.privateKey).and.include(SEALED.publicKey);
  });

  it('stores nothing when SHOPCAST_MODULE_SECRET is set', async () => {
    expect(await ensureModuleSecret(t.db, loadConfig({ SHOPCAST_MODULE_SECRET: 'f6'.repeat(24) }))).to.equal('f6'.repeat(24));
    expect(await t.db.knex(t.db.ownTable('setting')).select()).to.deep.equal([]);
  });
});
