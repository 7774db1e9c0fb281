/**
 * HTTP load run against a real `shopcast serve` child process on loopback: an admin call that does
 * database work (POST /api/segments/count) and the module's ingress call (POST /api/events/wake,
 * signed with the module secret). Uses autocannon (dev dependency, no network needed).
 *
 * Run: npx tsx bench/load.ts [--customers N] [--seconds S] [--connections C] [--rate-limit N]
 *   --customers    demo shop size made in a temporary SQLite file (default 20000)
 *   --seconds      duration of each run (default 10)
 *   --connections  concurrent connections (default 4)
 *   --rate-limit   SHOPCAST_RATE_LIMIT for the service (default: the service's own default)
 * Prints a table: requests/s, p50/p99 latency, errors (socket errors and timeouts), non-2xx
 * answers, and 429 answers counted apart (rate limiting, if the ingress route has it).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIngress } from '../service/src/auth';
import { spawnService } from '../test/helpers/spawn-service';

// autocannon ships no types: the few fields read below are declared here.
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number`);
  return v;
}

const root = path.resolve(__dirname, '..');
const customers = arg('customers', 20000);
const seconds = arg('seconds', 10);
const connections = arg('connections', 4);
const rateLimit = process.argv.includes('--rate-limit') ? String(arg('rate-limit', 0)) : undefined;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopcast-load-'));
  const dbUrl = `sqlite:${path.join(dir, 'shop.sqlite')}`;
  const secret = crypto.randomBytes(32).toString('hex');
  const env: Record<string, string> = { SHOPCAST_DB_URL: dbUrl, SHOPCAST_MODULE_SECRET: secret, SHOPCAST_DATA_DIR: dir, SHOPCAST_LOG_LEVEL: 'warn' };
  if (rateLimit) env.SHOPCAST_RATE_LIMIT = rateLimit;
  const t0 = Date.now();
  execFileSync(process.execPath, [path.join(root, 'bin', 'shopcast.js'), 'demo', '--customers', String(customers)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  process.stdout.write(`demo shop: ${customers} customers in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dbUrl})\n`);
  const service = await spawnService(env);
  const rows: string[][] = [];
  try {
    const segment = {
      segment: {
        shops: [1],
        criteria: [
          { field: 'newsletter', value: true },
          { field: 'orders_count', op: '>', value: 0, months: 12 },
        ],
      },
    };
    const countBody = JSON.stringify(segment);
    // Warm-up: the first count fills the address-phone cache; measure steady state.
    const warm = await fetch(`${service.url}/api/segments/count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
      body: countBody,
    });
    process.stdout.write(`warm-up count: HTTP ${warm.status} ${(await warm.text()).slice(0, 200)}\n`);

    const runs: Array<{ name: string; opts: Record<string, unknown> }> = [
      {
        name: 'POST /api/segments/count',
        opts: { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` }, body: countBody },
      },
      {
        name: 'POST /api/events/wake',
        // The signature holds for 5 minutes around its timestamp: one signature for the whole run.
        opts: { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopcast-signature': signIngress(secret, '{}') }, body: '{}' },
      },
    ];
    for (const run of runs) {
      const r = await autocannon({ url: service.url + run.name.split(' ')[1], connections, duration: seconds, ...run.opts });
      const too = r.statusCodeStats?.['429']?.count ?? 0;
      rows.push([
        run.name,
        String(Math.round(r.requests.average)),
        String(r.requests.total),
        `${r.latency.p50} ms`,
        `${r.latency.p99} ms`,
        String(r.errors + r.timeouts),
        String(r.non2xx - too),
        String(too),
      ]);
    }
  } finally {
    await service.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const head = ['endpoint', 'req/s', 'requests', 'p50', 'p99', 'errors', 'non-2xx (not 429)', '429'];
  process.stdout.write(`\n${seconds} s each, ${connections} connections, rate limit ${rateLimit ?? 'default'}, Node ${process.version}, ${os.cpus().length} cores\n\n`);
  process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
