/**
 * kill -9 at random moments of a 100,000-recipient campaign (issue 6's crash safety, at the size
 * the suite cannot afford): the service runs as a child process (`shopcast serve`) on MariaDB
 * against the fake iSendPro in this process; it is killed KILLS times at a random instant, each
 * time after it has shown progress since its start (snapshot rows, or numbers sent), then started
 * again until the campaign ends. Prints each kill (when, what the campaign had done) and the
 * outcome: numbers the provider received twice (must be 0), recipients sent, unknown, never sent.
 *
 * Run: npx tsx bench/campaign-crash.ts [recipients=100000] [kills=5] [seed=1]   (prints only)
 */
import { DEFAULT_SEND_WINDOW } from '../service/src/scheduler';
import { writeSetting } from '../service/src/settings';
import { FAKE_KEYID, startFakeIsendpro } from '../test/fakes/isendpro';
import { mysqlDialect } from '../test/helpers/databases';
import { addSubscribers, createShop } from '../test/helpers/shop-fixtures';
import { spawnService, SpawnedService } from '../test/helpers/spawn-service';

const recipients = Number(process.argv[2] ?? 100_000);
const kills = Number(process.argv[3] ?? 5);
let seed = Number(process.argv[4] ?? 1);
/** A small deterministic generator (mulberry32), so a run can be replayed with its seed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
/** Up to this long after an instance shows progress: long enough to land past the snapshot (10-15 s at 100k on the 2-core machine) too. */
const MAX_DELAY_MS = 12_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const t = await mysqlDialect.create();
  const fake = await startFakeIsendpro({ delayMs: 20, credit: { amount: 100_000, quantite: 2_000_000 } });
  let service: SpawnedService | null = null;
  try {
    process.stdout.write(`preparing ${recipients} customers on MariaDB...\n`);
    await createShop(t.db);
    await addSubscribers(t.db, recipients);
    await writeSetting(t.db, 'send_window', JSON.stringify({ ...DEFAULT_SEND_WINDOW, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: 'none' }));
    const env = {
      SHOPCAST_DB_URL: t.url, SHOPCAST_PROVIDER: 'isendpro', SHOPCAST_ISENDPRO_URL: fake.url, SHOPCAST_ISENDPRO_KEYID: FAKE_KEYID,
      SHOPCAST_CAMPAIGN_LEASE_SECONDS: '5', SHOPCAST_MODULE_SECRET: 'm'.repeat(40),
    };
    const row = async () => (await t.db.knex(t.db.ownTable('campaign')).first('*'))!;
    const progress = async () => {
      const snapshot = Number((await t.db.knex(t.db.ownTable('campaign_recipient')).count({ n: '*' }))[0].n);
      return { snapshot, requests: fake.requests.filter((r) => r.path.endsWith('/smsmulti')).length };
    };
    const started = Date.now();

    service = await spawnService(env);
    const headers = { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${service.url}/api/campaigns`, {
      method: 'POST', headers, body: JSON.stringify({ name: 'Crash bench', criteria: { shops: [1], criteria: [{ field: 'newsletter', value: true }] }, message: 'Promo {client_surname}', sender: 'MaBoutique' }),
    });
    if (created.status !== 201) throw new Error(`campaign not created: ${created.status} ${await created.text()}`);
    void fetch(`${service.url}/api/campaigns/${(await created.json()).campaign.id_campaign}/send`, { method: 'POST', headers }).catch(() => undefined);

    console.log('\n| kill | seconds from start | snapshot rows | provider calls | campaign status | checkpoint |');
    console.log('|---:|---:|---:|---:|---|---:|');
    for (let k = 1; k <= kills; k++) {
      // Wait for this instance to do something (the previous one may have died mid-lease), then a random instant.
      const before = await progress();
      const until = Date.now() + 60_000;
      for (;;) {
        const now = await progress();
        if (now.snapshot !== before.snapshot || now.requests !== before.requests || Date.now() > until) break;
        await sleep(50);
      }
      await sleep(random() * MAX_DELAY_MS);
      const c = await row();
      if (c.status !== 'sending') break;
      await service.stop('SIGKILL');
      const at = await progress();
      console.log(`| ${k} | ${((Date.now() - started) / 1000).toFixed(1)} | ${at.snapshot} | ${at.requests} | ${c.status} | ${c.last_id_recipient} |`);
      service = await spawnService(env);
    }
    for (;;) {
      const c = await row();
      if (c.status !== 'sending') break;
      await sleep(200);
    }
    const seconds = (Date.now() - started) / 1000;
    await service.stop();
    service = null;

    const numbers = fake.requests.filter((r) => r.path.endsWith('/smsmulti')).flatMap((r) => (r.body as { num: string[] }).num);
    const statuses: Array<{ status: string; n: number | string }> = await t.db.knex(t.db.ownTable('campaign_recipient')).select('status').count({ n: '*' }).groupBy('status');
    const by = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
    const final = await row();
    console.log(`\n| recipients | status | sent | unknown | other | numbers at the provider | received twice | seconds |`);
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
    const other = Object.entries(by).filter(([s]) => s !== 'sent' && s !== 'unknown').reduce((n, [, v]) => n + v, 0);
    console.log(`| ${final.recipients} | ${final.status} | ${by.sent ?? 0} | ${by.unknown ?? 0} | ${other} | ${numbers.length} | ${numbers.length - new Set(numbers).size} | ${seconds.toFixed(1)} |`);
  } finally {
    if (service) await service.stop('SIGKILL');
    await fake.close();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
