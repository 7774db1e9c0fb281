/**
 * Notifications under a steady load: events inserted into the outbox at a fixed rate (as the
 * module's hooks would), consumed by the outbox consumer, sent through the iSendPro adapter to the
 * fake iSendPro (another process). Latency is measured from the outbox insert to the provider
 * call, with the module's wake ping and with polling alone (every second); lost and duplicated
 * messages are counted. Target (issue 7): p99 < 1 s with wake, 0 lost, 0 duplicated.
 * Run: npx tsx bench/notifications.ts [seconds=60] [rate=200] [mysql|sqlite]   (prints only)
 */
import { createLogger } from '../service/src/logging';
import { createRule, startOutboxConsumer } from '../service/src/notifications';
import { createIsendproProvider, SmsProvider } from '../service/src/providers';
import { FAKE_KEYID } from '../test/fakes/isendpro';
import { startFakeProviderProcess } from './fake-provider';
import { mysqlDialect, sqliteDialect, TestDatabase } from '../test/helpers/databases';
import { addSubscribers, createShop } from '../test/helpers/shop-fixtures';

const seconds = Number(process.argv[2] ?? 60);
const rate = Number(process.argv[3] ?? 200);
const dialect = process.argv[4] === 'sqlite' ? sqliteDialect : mysqlDialect;
const ORDERS = 2000;
const STATES = 13;

/** One order per customer: `order` id = customer id, shipped to the customer's own address. */
async function addOrders(t: TestDatabase): Promise<void> {
  const rows = Array.from({ length: ORDERS }, (_, i) => ({
    id_order: i + 1, reference: `REF${i + 1}`, id_shop_group: 1, id_shop: 1, id_carrier: 1, id_lang: 1, id_customer: i + 1, id_cart: i + 1, id_currency: 1,
    id_address_delivery: i + 1, id_address_invoice: i + 1, current_state: 2, payment: 'Carte', conversion_rate: '1', total_paid: '10', total_paid_tax_incl: '10',
    total_paid_tax_excl: '10', total_paid_real: '10', invoice_date: '0000-00-00 00:00:00', valid: 1, date_add: '2026-01-01 00:00:00',
  }));
  await t.db.knex.batchInsert(t.db.shopTable('orders'), rows, 500);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(t: TestDatabase, provider: SmsProvider, wake: boolean) {
  const calls = new Map<string, number[]>();
  const timed: SmsProvider = {
    ...provider,
    send: (messages, options) => {
      const at = performance.now();
      for (const m of messages) calls.set(m.tracker, [...(calls.get(m.tracker) ?? []), at]);
      return provider.send(messages, options);
    },
  };
  await t.db.knex(t.db.ownTable('notification')).delete();
  await t.db.knex(t.db.ownTable('event_outbox')).delete();
  const consumer = startOutboxConsumer({ db: t.db, provider: timed, log: createLogger('silent'), worker: 'bench', now: () => new Date(), duplicateWindowSeconds: 120, retryForSeconds: 3600 });
  const inserted = new Map<number, number>();
  const total = seconds * rate;
  const begin = performance.now();
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const at = performance.now();
    const [id] = await t.db.knex(t.db.ownTable('event_outbox')).insert({
      event: 'order_state', id_shop: 1, id_order: (i % ORDERS) + 1, id_order_state: (Math.floor(i / ORDERS) % STATES) + 1, status: 'pending', attempts: 0,
      created_at: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
    inserted.set(Number(id), at);
    if (wake) consumer.wake();
  }
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const [{ n }] = await t.db.knex(t.db.ownTable('event_outbox')).whereIn('status', ['done', 'rejected']).count({ n: '*' });
    if (Number(n) >= total) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await consumer.stop();
  const rows = await t.db.knex(t.db.ownTable('notification')).select('id_event', 'tracker');
  const latencies: number[] = [];
  let duplicated = 0;
  for (const r of rows) {
    const at = calls.get(String(r.tracker)) ?? [];
    if (at.length > 1) duplicated += at.length - 1;
    if (at.length > 0) latencies.push(at[0] - inserted.get(Number(r.id_event))!);
  }
  latencies.sort((a, b) => a - b);
  return { total, delivered: latencies.length, lost: total - latencies.length, duplicated, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
}

async function main(): Promise<void> {
  const t = await dialect.create();
  const fake = await startFakeProviderProcess();
  try {
    await createShop(t.db);
    await addSubscribers(t.db, ORDERS);
    await addOrders(t);
    const events = Array.from({ length: STATES }, (_, i) => `order_state:${i + 1}`);
    await createRule(t.db, { id_shop: 0, audience: 'client', events, sender: 'MaBoutique', message: 'Commande {order_reference} : {order_state}', active: true });
    const provider = createIsendproProvider({ baseUrl: fake.url, settings: async () => ({ keyid: FAKE_KEYID, batchSize: 500 }) });
    console.log(`${rate} events/s for ${seconds} s on ${dialect.name}, one [Client] SMS each\n`);
    console.log('| mode | events | delivered | lost | duplicated | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const wake of [true, false]) {
      const r = await run(t, provider, wake);
      console.log(`| ${wake ? 'wake ping' : 'polling (1 s)'} | ${r.total} | ${r.delivered} | ${r.lost} | ${r.duplicated} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.max.toFixed(0)} |`);
    }
  } finally {
    fake.stop();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
