/**
 * Notifications under a steady load: events inserted into the outbox at a fixed rate by another
 * process (bench/shop-hooks-process.ts, standing for the shop's PHP hooks), consumed by the outbox
 * consumer, sent through the iSendPro adapter to the fake iSendPro (a third process). Latency is
 * measured from the outbox insert to the provider call, on the wall clock both processes share,
 * with the module's wake ping and with polling alone (every second); lost and duplicated messages
 * are counted. The wake goes as the module sends it: a signed POST /api/events/wake, 1 s at most,
 * to the service's HTTP app on loopback (security headers, JSON parser, ingress rate limiter,
 * signature check); its answers are counted. Target (issue 7): p99 < 1 s with wake, 0 lost, 0
 * duplicated.
 * Run: npx tsx bench/notifications.ts [seconds=60] [rate=200] [mysql|sqlite]   (prints only)
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadConfig } from '../service/src/config';
import { createApp } from '../service/src/http';
import { createLogger } from '../service/src/logging';
import { createRule, notificationRoutes, OutboxConsumer, startOutboxConsumer } from '../service/src/notifications';
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

const SECRET = 'b'.repeat(64);

/** The service's app with the notification routes, on 127.0.0.1; resolves with the wake URL and a closer. */
async function serveWake(t: TestDatabase, consumer: OutboxConsumer): Promise<{ url: string; close: () => Promise<void> }> {
  const ctx = { db: t.db, config: loadConfig({}), log: createLogger('silent'), secret: SECRET, provider: { name: 'isendpro', configured: async () => true } };
  const server = createApp(ctx, [notificationRoutes(ctx, consumer)]).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events/wake`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs the shop's side in its own process; resolves with its insert times and wake answers. */
function runShop(t: TestDatabase, wakeUrl: string | null): Promise<{ inserted: Map<number, number>; answers: Record<string, number> }> {
  const args = [t.url, String(seconds), String(rate), String(ORDERS), String(STATES), ...(wakeUrl ? [wakeUrl, SECRET] : [])];
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'shop-hooks-process.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`shop-hooks-process exited with ${code}`));
      const report = JSON.parse(out) as { inserted: Array<[number, number]>; answers: Record<string, number> };
      resolve({ inserted: new Map(report.inserted), answers: report.answers });
    }),
  );
}

async function run(t: TestDatabase, provider: SmsProvider, wake: boolean) {
  const calls = new Map<string, number[]>();
  const timed: SmsProvider = {
    ...provider,
    send: (messages, options) => {
      const at = performance.timeOrigin + performance.now();
      for (const m of messages) calls.set(m.tracker, [...(calls.get(m.tracker) ?? []), at]);
      return provider.send(messages, options);
    },
  };
  await t.db.knex(t.db.ownTable('notification')).delete();
  await t.db.knex(t.db.ownTable('event_outbox')).delete();
  // Every statement the consumer sends (transaction BEGIN/COMMIT included): the bench itself
  // waits on the consumer's events, so it adds none.
  let queries = 0;
  const countQuery = () => void queries++;
  t.db.knex.on('query', countQuery);
  const consumer = startOutboxConsumer({ db: t.db, provider: timed, log: createLogger('silent'), worker: 'bench', now: () => new Date(), duplicateWindowSeconds: 120, retryForSeconds: 3600 });
  let final = 0;
  consumer.events.on('event', (_id, outcome) => void (outcome !== 'retry' && final++));
  const service = wake ? await serveWake(t, consumer) : null;
  const total = seconds * rate;
  const { inserted, answers } = await runShop(t, service?.url ?? null);
  const deadline = performance.now() + 30_000;
  while (final < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await consumer.stop();
  t.db.knex.off('query', countQuery);
  await service?.close();
  const rows = await t.db.knex(t.db.ownTable('notification')).select('id_event', 'tracker');
  const latencies: number[] = [];
  let duplicated = 0;
  for (const r of rows) {
    const at = calls.get(String(r.tracker)) ?? [];
    if (at.length > 1) duplicated += at.length - 1;
    if (at.length > 0) latencies.push(at[0] - inserted.get(Number(r.id_event))!);
  }
  latencies.sort((a, b) => a - b);
  const wakes = wake ? Object.entries(answers).sort().map(([k, n]) => `${n} × ${k}`).join(', ') : '-';
  return { total, queries: queries / total, delivered: latencies.length, lost: total - latencies.length, duplicated, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1], wakes };
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
    console.log(`${rate} events/s for ${seconds} s on ${dialect.name}, one [Client] SMS each, inserted by another process\n`);
    console.log('| mode | events | queries/event | delivered | lost | duplicated | p50 ms | p99 ms | max ms | wake answers |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const wake of [true, false]) {
      const r = await run(t, provider, wake);
      console.log(`| ${wake ? 'signed wake over HTTP' : 'polling (1 s)'} | ${r.total} | ${r.queries.toFixed(1)} | ${r.delivered} | ${r.lost} | ${r.duplicated} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.max.toFixed(0)} | ${r.wakes} |`);
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
