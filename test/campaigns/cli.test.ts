import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { writeSetting } from '../../service/src/settings';
import { describeEachDialect, TestDatabase } from '../helpers/databases';
import { e164Of, only, ShopFixture } from '../segments/fixtures';

const root = path.join(__dirname, '..', '..');
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', zone: 'Europe/Paris', holidays: 'none' };
/** A one-minute window twelve hours away from now on the Paris clock: whenever the suite runs, now is outside it. */
function closedNow(now: Date) {
  const hour = new Date(now.getTime() + 12 * 3_600_000).toLocaleTimeString('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit' }).slice(0, 2);
  return { ...ALWAYS, start: `${hour}:00`, end: `${hour}:01` };
}

/**
 * `shopcast campaign send|schedule|list|show` as a merchant types them, in a real process against
 * a real database, on the sandbox provider: what is printed, the exit code, and what is stored.
 */
describeEachDialect('shopcast campaign (end to end)', (dialect) => {
  let t: TestDatabase;
  let dir: string;
  let criteria: string;

  before(async () => {
    const opened = await ShopFixture.open(dialect);
    t = opened.t;
    await opened.shop.customer({ newsletter: 1, firstname: 'Zoé' });
    await opened.shop.customer({ newsletter: 1, mobile: '06 12 34 00 21' }); // the sandbox answers "number not assigned"
    await opened.shop.customer({ newsletter: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-campaign-cli-'));
    criteria = path.join(dir, 'news.json');
    fs.writeFileSync(criteria, JSON.stringify(only({ field: 'newsletter', value: true })));
  });
  beforeEach(() => writeSetting(t.db, 'send_window', JSON.stringify(ALWAYS)));
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.drop();
  });

  function shopcast(lang: 'en' | 'fr', ...args: string[]) {
    const run = spawnSync(process.execPath, ['bin/shopcast.js', 'campaign', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SHOPCAST_DB_URL: t.url, SHOPCAST_DB_PREFIX: 'ps_', SHOPCAST_PROVIDER: 'sandbox', SHOPCAST_LOG_LEVEL: 'silent', SHOPCAST_LANG: lang },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }
  const campaignCount = async () => Number((await t.db.knex(t.db.ownTable('campaign')).count({ n: '*' }))[0].n);

  it('sends now: one SMS per reachable customer, the failure kept with its code, exit 1 when not all went', async function () {
    this.timeout(30_000);
    const run = shopcast('en', 'send', '--name', 'Soldes', '--criteria', criteria, '--text', 'Bonjour {client_surname}', '--json');
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(1);
    const { campaign, progress } = JSON.parse(run.stdout);
    expect(campaign).to.include({ name: 'Soldes', action: 'send', status: 'partially_sent', recipients: 2, sent: 1, failed: 1, unknown: 0 });
    expect(progress).to.be.an('object');
    const texts = await t.db.knex(t.db.ownTable('sandbox_message')).select('recipient', 'message');
    expect(texts).to.have.length(1);
    expect(texts[0].recipient).to.equal(e164Of(1));
    expect(texts[0].message).to.match(/^Bonjour Zoé/);

    const show = shopcast('en', 'show', String(campaign.id_campaign), '--status', 'failed', '--json');
    expect(show.status).to.equal(0);
    const shown = JSON.parse(show.stdout);
    expect(shown.recipients.total).to.equal(1);
    expect(shown.recipients.rows[0]).to.include({ phone: '+33612340021', status: 'failed', provider_code: '21' });
  });

  it('prints one readable line per campaign and per recipient without --json', async () => {
    const list = shopcast('en', 'list');
    expect(list.status).to.equal(0);
    expect(list.stdout).to.match(/^#\d+ Soldes \[send\] partially_sent: 2 recipients, 1 sent, 1 failed, 0 unknown, cost [\d.]+\n1 of 1 \(page 1\)\n$/);
    const id = /^#(\d+)/.exec(list.stdout)![1];
    const show = shopcast('en', 'show', id);
    expect(show.stdout.split('\n').filter((l) => /^ {2}\d+ \+33/.test(l))).to.have.length(2);
    expect(show.stdout).to.include(' failed code 21 (number not assigned (sandbox trigger))');
    expect(show.stdout).to.match(/2 of 2 recipients \(page 1\)\n$/);
  });

  it("schedules for later on the shop's clock, moved into the marketing window, and lists it by status", async () => {
    await writeSetting(t.db, 'send_window', JSON.stringify({ ...ALWAYS, start: '09:00', end: '18:00' }));
    const run = shopcast('en', 'schedule', '--name', 'Plus tard', '--criteria', criteria, '--text', 'Nouveautés', '--at', '2031-03-04T07:30');
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.match(/^#\d+ Plus tard \[send\] scheduled: .*, scheduled 2031-03-04 08:00:00 UTC\n/);
    expect(run.stdout).to.include('starts at 2031-03-04T09:00');
    expect(run.stdout).to.include('(Europe/Paris)');
    expect(run.stdout).to.include('moved to the next allowed one');
    const scheduled = JSON.parse(shopcast('en', 'list', '--status', 'scheduled', '--json').stdout);
    expect(scheduled.rows.map((c: { name: string }) => c.name)).to.deep.equal(['Plus tard']);
    expect(scheduled.total).to.equal(1);
  });

  it('refuses a time in the past or that does not exist, in the chosen language, writing no draft', async () => {
    const before = await campaignCount();
    const past = shopcast('fr', 'schedule', '--name', 'Hier', '--criteria', criteria, '--text', 'Bonjour', '--at', '2020-01-01T10:00');
    expect(past.status).to.equal(2);
    expect(past.stderr).to.match(/pass/i);
    const junk = shopcast('en', 'schedule', '--name', 'Junk', '--criteria', criteria, '--text', 'Bonjour', '--at', '2031-02-30T10:00');
    expect(junk.status).to.equal(2);
    expect(junk.stderr).to.not.equal('');
    expect(await campaignCount()).to.equal(before);
  });

  it('refuses a send now outside the marketing window, naming when it opens, writing no draft', async () => {
    await writeSetting(t.db, 'send_window', JSON.stringify(closedNow(new Date())));
    const before = await campaignCount();
    const run = shopcast('en', 'send', '--name', 'La nuit', '--criteria', criteria, '--text', 'Bonjour');
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('Europe/Paris');
    expect(await campaignCount()).to.equal(before);
    expect(await t.db.knex(t.db.ownTable('sandbox_message')).count({ n: '*' }).then((r) => Number(r[0].n))).to.equal(1);
  });

  it('answers a campaign that does not exist as not found, and a bad status filter with the choices', () => {
    const missing = shopcast('en', 'show', '4000000');
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.match(/campaign 4000000 does not exist/);
    const bad = shopcast('en', 'list', '--status', 'done');
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include('--status');
  });
});
