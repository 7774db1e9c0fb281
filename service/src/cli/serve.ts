import { Command } from 'commander';
import type { AppContext, RouteSet } from '../http';
import { startService } from '../http';
import { campaignRoutes, startCampaigns } from '../campaigns';
import { startTelegram, telegramRoutes } from '../channels/telegram';
import { notificationRoutes, startNotifications } from '../notifications';
import { createProvider, startOptOutSchedule } from '../providers';
import { providerRoutes } from '../providers/routes';
import { STALE_AFTER_SECONDS, startAddressSweeper } from '../segments';
import { segmentRoutes } from '../segments/routes';
import { shopRoutes } from '../shop/routes';
import { openRuntime } from './runtime';

export type Stop = () => Promise<void> | void;

/**
 * Every capability's HTTP routes and background workers, in one place: the single place the
 * service is assembled. Called once the tables are migrated; `stops` are run on shutdown.
 */
export function assemble(ctx: AppContext, stops: Stop[]): RouteSet[] {
  const telegram = startTelegram(ctx.db, ctx.log);
  const consumer = startNotifications(ctx.db, ctx.config, ctx.log, { telegram: telegram.channel });
  // The consumer stops first: no notification is halfway through the bot when the bot goes.
  stops.push(() => consumer.stop());
  stops.push(() => telegram.stop());
  stops.push(startOptOutSchedule(ctx));
  const provider = createProvider(ctx.config, ctx.db);
  const campaigns = startCampaigns(ctx.db, ctx.config, ctx.log, provider);
  stops.push(() => campaigns.stop());
  const sweeper = startAddressSweeper(ctx.db, ctx.log);
  stops.push(() => sweeper.stop());
  return [notificationRoutes(ctx, consumer), providerRoutes(ctx, [telegram.settings]), telegramRoutes(ctx, telegram), segmentRoutes(ctx, { sweepEverySeconds: STALE_AFTER_SECONDS }), shopRoutes(ctx), campaignRoutes(ctx, provider, campaigns.worker)];
}

/** `shopcast serve`: migrate, listen, print the URL to open; stops cleanly on SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the Shopcast service (HTTP API, admin pages, schedulers)')
    .action(async () => {
      const rt = openRuntime();
      const stops: Stop[] = [];
      const service = await startService(rt, (ctx) => assemble(ctx, stops));
      process.stdout.write(
        `Shopcast is running on ${rt.db.dialect} with the ${rt.config.provider} provider.\n` +
          `Open ${service.url}/admin/#token=${service.adminToken}\n` +
          `Health: ${service.url}/health\n`,
      );
      const stop = async (signal: string) => {
        rt.log.info({ signal }, 'shopcast stopping');
        await service.close();
        for (const s of stops) await s();
        await rt.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
