import { Command } from 'commander';
import { ensureModuleSecret, signAdminToken } from '../auth';
import { migrate } from '../db';
import { ShopcastError } from '../errors';
import { openRuntime } from './runtime';

/**
 * `shopcast migrate`: applies Shopcast's pending table migrations (a no-op when current).
 * `shopcast admin-link`: prints an admin page URL with a fresh token, for standalone use.
 */
export function registerCoreCommands(program: Command): void {
  program
    .command('migrate')
    .description("create or upgrade Shopcast's own tables (idempotent)")
    .action(async () => {
      const rt = openRuntime();
      try {
        const applied = await migrate(rt.db, (line) => process.stdout.write(`${line}\n`));
        process.stdout.write(applied.length ? `migrated: ${applied.length} applied\n` : 'migrations are current\n');
      } finally {
        await rt.close();
      }
    });

  program
    .command('admin-link')
    .description('print a link to the admin pages with a token valid for the given hours')
    .option('--hours <n>', 'validity in hours (1 to 168)', '12')
    .option('--shop <ids>', 'comma-separated shop ids the link may act on (default: all)')
    .action(async (opts: { hours: string; shop?: string }) => {
      const hours = Number(opts.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
        throw new ShopcastError('invalid_input', '--hours: expected a whole number from 1 to 168');
      }
      const shops = opts.shop ? opts.shop.split(',').map((s) => Number(s.trim())) : [];
      if (shops.some((id) => !Number.isInteger(id) || id < 1)) {
        throw new ShopcastError('invalid_input', '--shop: expected shop ids such as 1,2');
      }
      const rt = openRuntime();
      try {
        await migrate(rt.db);
        const secret = await ensureModuleSecret(rt.db, rt.config);
        const token = signAdminToken(secret, { shops, employee: 0, exp: Math.floor(Date.now() / 1000) + hours * 3600 });
        process.stdout.write(`http://${rt.config.host}:${rt.config.port}/admin/#token=${token}\n`);
      } finally {
        await rt.close();
      }
    });
}
