import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../service/src/db';
import { readSetting, writeSetting } from '../../service/src/settings';
import { decryptSetting, encryptSetting, keyFromDataDir, settingsKey } from '../../service/src/settings/cipher';
import { describeEachDialect, TestDatabase } from '../helpers/databases';

describe('settings cipher', () => {
  const key = Buffer.alloc(32, 7);

  it('round-trips a value and refuses it under another name or key', () => {
    const sealed = encryptSetting(key, 'isendpro_keyid', 'abc123');
    expect(sealed).to.match(/^enc:v1:/).and.not.include('abc123');
    expect(decryptSetting(key, 'isendpro_keyid', sealed)).to.equal('abc123');
    expect(() => decryptSetting(key, 'telegram_bot_token', sealed)).to.throw(/cannot be decrypted/);
    expect(() => decryptSetting(Buffer.alloc(32, 8), 'isendpro_keyid', sealed)).to.throw(/SHOPCAST_SECRET_KEY/);
  });

  it('creates the key file once, readable by its owner only, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-key-'));
    try {
      const first = keyFromDataDir(path.join(dir, 'data'));
      expect(first.length).to.equal(32);
      expect(fs.statSync(path.join(dir, 'data', 'secret.key')).mode & 0o777).to.equal(0o600);
      expect(keyFromDataDir(path.join(dir, 'data')).equals(first)).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes SHOPCAST_SECRET_KEY in hex or base64', () => {
    const hex = 'a1'.repeat(32);
    expect(settingsKey({ SHOPCAST_SECRET_KEY: hex }).toString('hex')).to.equal(hex);
    expect(settingsKey({ SHOPCAST_SECRET_KEY: Buffer.from(hex, 'hex').toString('base64') }).toString('hex')).to.equal(hex);
  });
});

describeEachDialect('secret settings at rest', (dialect) => {
  let t: TestDatabase;
  before(async () => {
    t = await dialect.create();
    await migrate(t.db);
  });
  after(async () => t.drop());
  const stored = async (name: string) => (await t.db.knex(t.db.ownTable('setting')).where({ name, id_shop: 0 }).first()).value as string;

  it('encrypts provider keys and the bot token, and leaves the sealed module secret as written', async () => {
    await writeSetting(t.db, 'isendpro_keyid', 'keyid-1234567890', { secret: true });
    await writeSetting(t.db, 'module_secret', 'sealed:v1:AAAA', { secret: true });
    await writeSetting(t.db, 'default_sender', 'MaBoutique');
    expect(await stored('isendpro_keyid')).to.match(/^enc:v1:/);
    expect(await stored('module_secret')).to.equal('sealed:v1:AAAA');
    expect(await stored('default_sender')).to.equal('MaBoutique');
    expect(await readSetting(t.db, 'isendpro_keyid')).to.equal('keyid-1234567890');
  });

  it('reads a value saved in plain text by an older version and encrypts it on the way', async () => {
    await t.db.knex(t.db.ownTable('setting')).insert({ id_shop: 0, name: 'telegram_bot_token', value: '123:plain-token', is_secret: 1, updated_at: '2026-01-01 00:00:00' });
    expect(await readSetting(t.db, 'telegram_bot_token')).to.equal('123:plain-token');
    expect(await stored('telegram_bot_token')).to.match(/^enc:v1:/).and.not.include('plain-token');
    expect(await readSetting(t.db, 'telegram_bot_token')).to.equal('123:plain-token');
  });
});
