import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { AT, e164Of, only, ShopFixture } from './fixtures';

const root = path.join(__dirname, '..', '..');

describeEachDialect('shopcast segment (end to end)', (dialect) => {
  let t: TestDatabase;
  let dir: string;

  before(async () => {
    const opened = await ShopFixture.open(dialect);
    t = opened.t;
    const shop = opened.shop;
    await shop.customer({ newsletter: 1, firstname: 'Zoé', lastname: 'Dupont; "la Grande"' });
    await shop.customer({ newsletter: 1, mobile: '01 23 45 67 89' });
    await shop.customer({ newsletter: 0 });
    await shop.customer({ groups: [4], firstname: '=cmd|calc', lastname: '+1+2', email: '@x@example.test' });
    await shop.customer({ groups: [4], firstname: '-2+3', lastname: 'Martin' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-segment-cli-'));
    fs.writeFileSync(path.join(dir, 'news.json'), JSON.stringify(only({ field: 'newsletter', value: true })));
    fs.writeFileSync(path.join(dir, 'vip.json'), JSON.stringify(only({ field: 'group', in: [4] })));
    fs.writeFileSync(path.join(dir, 'no-group.json'), JSON.stringify(only({ field: 'group', in: [99] })));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(only({ field: 'age', op: '>=', value: 3 })));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.drop();
  });

  function shopcastIn(lang: 'en' | 'fr', ...args: string[]) {
    const run = spawnSync(process.execPath, ['bin/shopcast.js', 'segment', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SHOPCAST_DB_URL: t.url, SHOPCAST_DB_PREFIX: 'ps_', SHOPCAST_LOG_LEVEL: 'silent', SHOPCAST_LANG: lang },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }
  const shopcast = (...args: string[]) => shopcastIn('en', ...args);

  it('prints the count as JSON', () => {
    const run = shopcast('count', '--criteria', path.join(dir, 'news.json'), '--at', AT.toISOString(), '--json');
    expect(run.stderr).to.equal('');
    expect(JSON.parse(run.stdout)).to.deep.equal({
      matched: 2,
      reachable: 1,
      dropped: { no_number: 0, invalid: 0, landline: 1, opted_out: 0, duplicate: 0 },
    });
  });

  it('prints a short summary without --json', () => {
    const run = shopcast('count', '--criteria', path.join(dir, 'news.json'));
    expect(run.stdout).to.equal('matched: 2\nreachable: 1\ndropped: no_number 0, invalid 0, landline 1, opted_out 0, duplicate 0\n');
  });

  it("exports CSV with ';' to a file, quoting what needs it", () => {
    const out = path.join(dir, 'out.csv');
    const run = shopcast('export', '--criteria', path.join(dir, 'news.json'), '--format', 'csv', '--out', out);
    expect(run.status).to.equal(0);
    expect(fs.readFileSync(out, 'utf8')).to.equal(
      'id_customer;phone;country;firstname;lastname;email;id_shop;id_lang\n' +
        `1;${e164Of(1)};FR;Zoé;"Dupont; ""la Grande""";c1@example.test;1;1\n`,
    );
  });

  it('exports JSON to stdout', () => {
    const run = shopcast('export', '--criteria', path.join(dir, 'news.json'), '--format', 'json');
    expect(JSON.parse(run.stdout)).to.deep.equal([
      { id_customer: 1, phone: e164Of(1), country: 'FR', firstname: 'Zoé', lastname: 'Dupont; "la Grande"', email: 'c1@example.test', id_shop: 1, id_lang: 1 },
    ]);
  });

  it('exits 2 with the issue on bad criteria, a bad instant or a missing file, writing nothing', () => {
    const bad = shopcast('count', '--criteria', path.join(dir, 'bad.json'));
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include('criteria[0].op: criterion 1 (age): op must be one of >, <, =, between');
    const local = shopcast('count', '--criteria', path.join(dir, 'news.json'), '--at', '2025-06-15T10:00:00');
    expect(local.status).to.equal(2);
    expect(local.stderr).to.include('--at must be an ISO-8601 instant with its offset');
    const out = path.join(dir, 'never.csv');
    const missing = shopcast('export', '--criteria', path.join(dir, 'nope.json'), '--out', out);
    expect(missing.status).to.equal(2);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('leaves an existing --out file untouched when the criteria are bad', () => {
    const out = path.join(dir, 'kept.csv');
    fs.writeFileSync(out, 'previous export\n');
    for (const criteria of ['bad.json', 'no-group.json']) {
      const run = shopcast('export', '--criteria', path.join(dir, criteria), '--out', out);
      expect(run.status, criteria).to.equal(2);
      expect(fs.readFileSync(out, 'utf8'), criteria).to.equal('previous export\n');
    }
    const unwritable = shopcast('export', '--criteria', path.join(dir, 'news.json'), '--out', path.join(dir, 'no-such-dir', 'out.csv'));
    expect(unwritable.status).to.equal(2);
    expect(unwritable.stderr).to.include('--out: cannot write');
  });

  it("prefixes CSV name and email cells that start like a formula with ', not the phone, not in JSON", () => {
    const csv = shopcast('export', '--criteria', path.join(dir, 'vip.json'), '--format', 'csv');
    expect(csv.status).to.equal(0);
    expect(csv.stdout).to.equal(
      'id_customer;phone;country;firstname;lastname;email;id_shop;id_lang\n' +
        `4;${e164Of(4)};FR;'=cmd|calc;'+1+2;'@x@example.test;1;1\n` +
        `5;${e164Of(5)};FR;'-2+3;Martin;c5@example.test;1;1\n`,
    );
    const json = shopcast('export', '--criteria', path.join(dir, 'vip.json'), '--format', 'json');
    expect(JSON.parse(json.stdout).map((r: { firstname: string; lastname: string; email: string }) => [r.firstname, r.lastname, r.email])).to.deep.equal([
      ['=cmd|calc', '+1+2', '@x@example.test'],
      ['-2+3', 'Martin', 'c5@example.test'],
    ]);
  });

  it('speaks French when SHOPCAST_LANG (or LANG) says so', () => {
    const bad = shopcastIn('fr', 'count', '--criteria', path.join(dir, 'bad.json'));
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include('shopcast: segment invalide : critère 1 (age)');
    const missing = shopcastIn('fr', 'count', '--criteria', path.join(dir, 'nope.json'));
    expect(missing.stderr).to.match(/^shopcast: --criteria : impossible de lire .*nope\.json \(ENOENT\)\n$/);
  });
});
