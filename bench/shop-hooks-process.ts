/**
 * The shop's side of bench/notifications.ts, in a process of its own as PrestaShop's PHP is:
 * inserts order-state events into the outbox at a fixed rate, each followed (when a wake URL is
 * given) by the module's wake ping: a signed POST, 1 s at most, its answer ignored. Prints one JSON
 * line at the end: the insert time of each event (ms on the shared wall clock,
 * performance.timeOrigin + performance.now()) and the count of wake answers by status.
 * Run by the bench: npx tsx bench/shop-hooks-process.ts <db url> <seconds> <rate> <orders> <states> [wake url] [secret]
 */
import { signIngress } from '../service/src/auth';
import { connectDatabase } from '../service/src/db';

const [dbUrl, seconds, rate, orders, states, wakeUrl, secret] = process.argv.slice(2);
const wallNow = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const db = connectDatabase(dbUrl, 'ps_');
  const total = Number(seconds) * Number(rate);
  const inserted: Array<[number, number]> = [];
  const answers: Record<string, number> = {};
  const pings: Promise<void>[] = [];
  const begin = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = begin + (i * 1000) / Number(rate) - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const at = wallNow();
    const [id] = await db.knex(db.ownTable('event_outbox')).insert({
      event: 'order_state', id_shop: 1, id_order: (i % Number(orders)) + 1, id_order_state: (Math.floor(i / Number(orders)) % Number(states)) + 1, status: 'pending', attempts: 0,
      created_at: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
    inserted.push([Number(id), at]);
    if (wakeUrl) pings.push(wake(wakeUrl, secret, Number(id), answers));
  }
  await Promise.all(pings);
  await db.close();
  process.stdout.write(`${JSON.stringify({ inserted, answers })}\n`);
}

function wake(url: string, key: string, idEvent: number, answers: Record<string, number>): Promise<void> {
  const body = JSON.stringify({ id_event: idEvent, event: 'order_state', id_shop: 1 });
  const count = (what: string) => void (answers[what] = (answers[what] ?? 0) + 1);
  const headers = { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(key, body) };
  return fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(1000) })
    .then(async (res) => {
      await res.arrayBuffer();
      count(String(res.status));
    })
    .catch(() => count('failed'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
