import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { currentSecret, moduleSecretSource, signAdminToken } from '../auth';
import type { Runtime } from '../cli/runtime';
import { migrate } from '../db';
import { providerHealth } from '../providers';
import { createDemoShop } from '../shop';
import { adminBundle } from './admin-bundle';
import { AppContext, createApp, RouteSet } from './app';

export interface RunningService {
  server: Server;
  url: string;
  /** a 12-hour admin token for the operator who started the service (demo and CLI use) */
  adminToken: string;
  close(): Promise<void>;
}

/** Size of the demo shop made on the first start without SHOPCAST_DB_URL: seconds to build, enough to try every screen. */
const FIRST_START_DEMO = { customers: 2000, seed: 1 };

/**
 * Migrates, then listens. Migrating on start keeps a service that was upgraded in place from
 * running against an older schema; it is a no-op when current. With no database configured, the
 * embedded demo shop is generated on the first start.
 */
export async function startService(rt: Runtime, routeSets: (ctx: AppContext) => RouteSet[] = () => []): Promise<RunningService> {
  await migrate(rt.db, (line) => rt.log.info({ migration: line }, 'migration applied'));
  if (rt.config.demoDatabase && !(await rt.db.knex.schema.hasTable(rt.db.shopTable('customer')))) {
    rt.log.info(FIRST_START_DEMO, 'first start without SHOPCAST_DB_URL: generating the demo shop');
    const demo = await createDemoShop(rt.db, FIRST_START_DEMO);
    rt.log.info({ customers: demo.customers, orders: demo.orders, seconds: Math.round(demo.seconds) }, 'demo shop ready');
  }
  // Followed across rotations: the module's configure page may store a new one while we run.
  const secret = await moduleSecretSource(rt.db, rt.config);
  const ctx: AppContext = {
    db: rt.db,
    config: rt.config,
    log: rt.log,
    secret,
    provider: providerHealth(rt.config, rt.db),
  };
  const app = createApp(ctx, routeSets(ctx));
  // Built while the server starts, so the first page load does not wait for it; errors are logged when served.
  adminBundle().catch(() => undefined);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(rt.config.port, rt.config.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = rt.config.host === '0.0.0.0' ? '127.0.0.1' : rt.config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const adminToken = signAdminToken(currentSecret(secret), { shops: [], employee: 0, exp: Math.floor(Date.now() / 1000) + 12 * 3600 });
  rt.log.info({ url, dialect: rt.db.dialect, provider: rt.config.provider }, 'shopcast listening');
  return {
    server,
    url,
    adminToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
