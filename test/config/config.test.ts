import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { envDocs, loadConfig } from '../../service/src/config';
import { ShopcastError } from '../../service/src/errors';

function configError(env: Record<string, string>): ShopcastError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ShopcastError);
    return err as ShopcastError;
  }
  throw new Error('expected loadConfig to fail');
}

describe('configuration', () => {
  it('defaults to the SQLite demo shop, ps_ prefix, port 8080 and the sandbox provider', () => {
    const config = loadConfig({});
    expect(config.dbUrl).to.equal(`sqlite:${path.resolve('data', 'demo-shop.sqlite')}`);
    expect(config.demoDatabase).to.equal(true);
    expect(config.dbPrefix).to.equal('ps_');
    expect(config.port).to.equal(8080);
    expect(config.host).to.equal('127.0.0.1');
    expect(config.provider).to.equal('sandbox');
    expect(config.moduleSecret).to.equal(undefined);
    expect(config.isendproUrl).to.equal('https://apirest.isendpro.com/cgi-bin');
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      SHOPCAST_DB_URL: 'mysql://shop:pw@db.local:3307/prestashop',
      SHOPCAST_DB_PREFIX: 'shop_',
      SHOPCAST_DATA_DIR: '/var/lib/shopcast',
      SHOPCAST_HOST: '0.0.0.0',
      SHOPCAST_PORT: '9090',
      SHOPCAST_PROVIDER: 'isendpro',
      SHOPCAST_MODULE_SECRET: 'x'.repeat(40),
      SHOPCAST_ISENDPRO_URL: 'http://127.0.0.1:9999/cgi-bin/',
      SHOPCAST_ISENDPRO_KEYID: 'abc',
      SHOPCAST_ISENDPRO_SANDBOX: '1',
      SHOPCAST_CAMPAIGN_LEASE_SECONDS: '30',
      SHOPCAST_CAMPAIGN_MISSED_GRACE_MINUTES: '90',
      SHOPCAST_SECRET_KEY: 'ab'.repeat(32),
      SHOPCAST_RATE_LIMIT: '500',
      SHOPCAST_FRAME_ANCESTORS: "'self' https://shop.example",
      SHOPCAST_LOG_LEVEL: 'debug',
    });
    expect(config).to.deep.equal({
      dataDir: '/var/lib/shopcast',
      dbUrl: 'mysql://shop:pw@db.local:3307/prestashop',
      demoDatabase: false,
      dbPrefix: 'shop_',
      host: '0.0.0.0',
      port: 9090,
      provider: 'isendpro',
      moduleSecret: 'x'.repeat(40),
      isendproUrl: 'http://127.0.0.1:9999/cgi-bin',
      isendproKeyid: 'abc',
      isendproSandbox: true,
      campaignLeaseSeconds: 30,
      campaignMissedGraceMinutes: 90,
      secretKey: 'ab'.repeat(32),
      rateLimit: 500,
      frameAncestors: "'self' https://shop.example",
      logLevel: 'debug',
    });
  });

  it('refuses a frame-ancestors value that is not a list of origins', () => {
    expect(configError({ SHOPCAST_FRAME_ANCESTORS: "https://shop.example; script-src *" }).message).to.match(/^SHOPCAST_FRAME_ANCESTORS: expected space-separated origins/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ SHOPCAST_PORT: '', SHOPCAST_DB_PREFIX: '' }).port).to.equal(8080);
  });

  it('names the variable and the value in one line when a port is not a number', () => {
    const err = configError({ SHOPCAST_PORT: 'eighty' });
    expect(err.code).to.equal('invalid_config');
    expect(err.message).to.equal('SHOPCAST_PORT: expected a port number, got "eighty"');
    expect(err.message).not.to.include('\n');
  });

  it('refuses a secret key that is not 32 bytes, without echoing it', () => {
    expect(configError({ SHOPCAST_SECRET_KEY: 'short-key' }).message).to.equal('SHOPCAST_SECRET_KEY: expected 32 bytes as 64 hex digits or base64 (openssl rand -hex 32), got "***"');
  });

  it('refuses a port out of range', () => {
    expect(configError({ SHOPCAST_PORT: '70000' }).message).to.match(/^SHOPCAST_PORT: expected a port between 0 and 65535/);
  });

  it('refuses an unknown provider', () => {
    expect(configError({ SHOPCAST_PROVIDER: 'twilio' }).message).to.equal('SHOPCAST_PROVIDER: expected sandbox or isendpro, got "twilio"');
  });

  it('refuses an iSendPro URL that is not http(s)', () => {
    expect(configError({ SHOPCAST_ISENDPRO_URL: 'ftp://apirest.isendpro.com/cgi-bin' }).message).to.equal(
      'SHOPCAST_ISENDPRO_URL: expected an http(s) URL, got "ftp://apirest.isendpro.com/cgi-bin"',
    );
    expect(configError({ SHOPCAST_ISENDPRO_URL: 'file:///etc/passwd' }).message).to.match(/^SHOPCAST_ISENDPRO_URL: expected an http\(s\) URL/);
  });

  it('reads SHOPCAST_ISENDPRO_SANDBOX as 1 or 0, off by default', () => {
    expect(loadConfig({}).isendproSandbox).to.equal(false);
    expect(loadConfig({ SHOPCAST_ISENDPRO_SANDBOX: '0' }).isendproSandbox).to.equal(false);
    expect(configError({ SHOPCAST_ISENDPRO_SANDBOX: 'yes' }).message).to.equal('SHOPCAST_ISENDPRO_SANDBOX: expected 1 (test mode) or 0, got "yes"');
  });

  it('refuses a database URL of another kind', () => {
    expect(configError({ SHOPCAST_DB_URL: 'postgres://x@y/z' }).message).to.match(/^SHOPCAST_DB_URL: expected mysql:\/\//);
  });

  it('refuses a prefix that could inject SQL', () => {
    expect(configError({ SHOPCAST_DB_PREFIX: 'ps_; DROP TABLE x' }).message).to.match(/^SHOPCAST_DB_PREFIX: expected letters, digits and underscores/);
  });

  it('never repeats a secret or a database password in its message', () => {
    expect(configError({ SHOPCAST_MODULE_SECRET: 'short-secret' }).message).to.equal(
      'SHOPCAST_MODULE_SECRET: expected at least 32 characters, got "***"',
    );
    const err = configError({ SHOPCAST_DB_URL: 'mysql://root:hunter2@host', SHOPCAST_PORT: '1' });
    expect(err.message).not.to.include('hunter2');
  });
});

describe('README configuration table', () => {
  it('documents every environment variable the service reads', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const v of envDocs) expect(readme, v.name).to.include(`| \`${v.name}\` |`);
  });
});
