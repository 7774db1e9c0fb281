/**
 * A personalised campaign end to end: segment evaluation, snapshot of the recipients, rendering,
 * the iSendPro adapter (batches of 500) against the fake iSendPro on loopback (another process),
 * and per-recipient status rows. Prints recipients per second per phase and the peak RSS of this
 * process. Target (issue 6): >= 5,000 recipients/s and peak RSS under 250 MB on MariaDB.
 * Run: node --expose-gc --require tsx/cjs bench/campaigns.ts [recipients=100000] [mysql|sqlite]   (prints only)
 */
import { insertCampaign, runCampaign, transitionCampaign } from '../service/src/campaigns';
import { createLogger } from '../service/src/logging';
import { createIsendproProvider } from '../service/src/providers';
import { DEFAULT_SEND_WINDOW } from '../service/src/scheduler';
import { countSegment, segmentRecipients } from '../service/src/segments';
import { FAKE_KEYID } from '../test/fakes/isendpro';
import { startFakeProviderProcess } from './fake-provider';
import { mysqlDialect, sqliteDialect } from '../test/helpers/databases';
import { addSubscribers, createShop } from '../test/helpers/shop-fixtures';

const recipients = Number(process.argv[2] ?? 100_000);
const dialect = process.argv[3] === 'sqlite' ? sqliteDialect : mysqlDialect;
const ALWAYS = { ...DEFAULT_SEND_WINDOW, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: 'none' as const };

async function main(): Promise<void> {
  const t = await dialect.create();
  const fake = await startFakeProviderProcess();
  try {
    process.stdout.write(`preparing ${recipients} customers on ${dialect.name}...\n`);
    await createShop(t.db);
    await addSubscribers(t.db, recipients);
    // The merchant counts before sending: that count fills the address-phone cache, as here.
    const criteria = { shops: [1], criteria: [{ field: 'newsletter', value: true }] };
    const counted = await countSegment(t.db, criteria);
    process.stdout.write(`counted ${counted.reachable} reachable\n`);
    global.gc?.();
    const provider = createIsendproProvider({ baseUrl: fake.url, settings: async () => ({ keyid: FAKE_KEYID, batchSize: 500 }) });
    const c = await insertCampaign(t.db, { id_shop: 1, name: 'Bench', action: 'send', criteria, message: 'Bonjour {client_surname} {client_name}, -20% ce week-end chez {shop_name} avec le code PROMO.', sender: 'MaBoutique' });
    await transitionCampaign(t.db, c.id_campaign, 'start');
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    let snapshotAt = 0;
    const started = process.hrtime.bigint();
    const done = await runCampaign(
      {
        db: t.db, provider, log: createLogger('silent'), worker: 'bench', now: () => new Date(),
        source: async (campaign) => {
          const gen = await segmentRecipients(t.db, campaign.criteria, { batchSize: 2000 });
          return (async function* () {
            yield* gen;
            snapshotAt = Number(process.hrtime.bigint() - started) / 1e9;
          })();
        },
        sendWindow: async () => ALWAYS, batchSize: 500, leaseSeconds: 300, pauseAfterFailures: 3, retryDelayMs: 1000,
      },
      c.id_campaign,
    );
    const total = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
    console.log(`\ncampaign of ${done.recipients} recipients on ${dialect.name}: ${done.status}, ${done.sent} sent`);
    console.log('| phase | seconds | recipients/s |');
    console.log('|---|---:|---:|');
    console.log(`| snapshot (segment + render + insert) | ${snapshotAt.toFixed(1)} | ${rate(done.recipients, snapshotAt)} |`);
    console.log(`| sending (claim + provider + record) | ${(total - snapshotAt).toFixed(1)} | ${rate(done.recipients, total - snapshotAt)} |`);
    console.log(`| end to end | ${total.toFixed(1)} | ${rate(done.recipients, total)} |`);
    console.log(`\npeak RSS ${mb(peak)} MB (${mb(baseline)} MB before the run; target < 250 MB)`);
  } finally {
    fake.stop();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
