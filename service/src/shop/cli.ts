import { Command } from 'commander';
import { z } from 'zod';
import { openRuntime } from '../cli/runtime';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { createDemoShop, type DemoProgress } from './index';

/**
 * `shopcast demo`: fills the configured database (SHOPCAST_DB_URL, SHOPCAST_DB_PREFIX) with the
 * demo shop, then creates Shopcast's own tables. Thin: options in, createDemoShop, lines out.
 */

const flagsSchema = z.object({
  customers: z.coerce
    .number({ message: 'expected a number of customers' })
    .int({ message: 'expected a whole number of customers' })
    .min(1, { message: 'expected at least 1 customer' })
    .max(10_000_000, { message: 'expected at most 10000000 customers' }),
  seed: z.coerce
    .number({ message: 'expected a whole number' })
    .int({ message: 'expected a whole number' })
    .min(0, { message: 'expected a seed from 0 to 4294967295' })
    .max(4_294_967_295, { message: 'expected a seed from 0 to 4294967295' }),
  reset: z.boolean().default(false),
});

export function registerShopCommands(program: Command): void {
  program
    .command('demo')
    .description('create a demo PrestaShop shop (customers, addresses, orders) in the configured database')
    .option('--customers <n>', 'number of customers', '2000')
    .option('--seed <s>', 'seed of the generator: same seed and size, same shop', '1')
    .option('--reset', 'drop and recreate the demo tables of a database the demo created earlier')
    .action(async (flags: Record<string, unknown>) => {
      const parsed = flagsSchema.safeParse(flags);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ShopcastError('invalid_input', `--${String(issue.path[0])}: ${issue.message}`);
      }
      const { customers, seed, reset } = parsed.data;
      const rt = openRuntime();
      try {
        const out = (line: string) => process.stdout.write(`${line}\n`);
        out(`demo: ${customers} customers, seed ${seed}, ${rt.db.dialect} database, table prefix "${rt.db.prefix}"`);
        const summary = await createDemoShop(rt.db, { customers, seed, reset, onProgress: progressPrinter(out) });
        const applied = await migrate(rt.db);
        out(`shopcast tables: ${applied.length ? `${applied.length} migrations applied` : 'already current'}`);
        out(
          `demo shop ready: ${summary.customers} customers, ${summary.addresses} addresses, ${summary.orders} orders, ` +
            `${summary.orderHistory} order states, ${summary.rows} rows in ${summary.seconds.toFixed(1)} s`,
        );
      } finally {
        await rt.close();
      }
    });
}

/** A progress line at most every 2 seconds, so a large demo shows it is alive without flooding. */
function progressPrinter(out: (line: string) => void): (p: DemoProgress) => void {
  let lastPrinted = 0;
  return (p) => {
    if (p.phase === 'indexes') return out(`  all rows written in ${p.seconds.toFixed(1)} s; building indexes`);
    if (p.seconds - lastPrinted < 2 || p.customersDone === p.customers) return;
    lastPrinted = p.seconds;
    const percent = Math.floor((100 * p.customersDone) / p.customers);
    out(`  ${p.customersDone}/${p.customers} customers (${percent}%), ${p.rows} rows, ${p.seconds.toFixed(0)} s`);
  };
}
