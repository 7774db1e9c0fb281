import { Command } from 'commander';
import type { AppContext, RouteSet } from '../http';
import { startService } from '../http';
import { openRuntime } from './runtime';

/** Every capability's HTTP routes, in one list: the single place the service is assembled. */
function allRoutes(_ctx: AppContext): RouteSet[] {
  return [];
}

/** `shopcast serve`: migrate, listen, print the URL to open; stops cleanly on SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the Shopcast service (HTTP API, admin pages, schedulers)')
    .action(async () => {
      const rt = openRuntime();
      const service = await startService(rt, allRoutes);
      process.stdout.write(
        `Shopcast is running on ${rt.db.dialect} with the ${rt.config.provider} provider.\n` +
          `Open ${service.url}/admin/#token=${service.adminToken}\n` +
          `Health: ${service.url}/health\n`,
      );
      const stop = async (signal: string) => {
        rt.log.info({ signal }, 'shopcast stopping');
        await service.close();
        await rt.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
