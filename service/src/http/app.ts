import path from 'node:path';
import express, { Express, Router } from 'express';
import { requireAdmin } from '../auth';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import type { Logger } from '../logging';
import { projectRoot } from '../paths';
import { serveAdminBundle } from './admin-bundle';
import { errorHandler } from './errors';
import { checkHealth } from './health';
import { authFailureLimiter, ingressLimiter, securityHeaders } from './security';

/** Everything a route may need, handed down once; routes never open connections themselves. */
export interface AppContext {
  db: ShopDb;
  config: Config;
  log: Logger;
  /** the module secret: signs admin tokens and module calls */
  secret: string;
  provider: { name: string; configured: () => Promise<boolean> };
}

/** A capability's HTTP face: admin routes go behind the admin token, ingress routes check their own signature. */
export interface RouteSet {
  admin?: Router;
  ingress?: Router;
}

export function createApp(ctx: AppContext, routeSets: RouteSet[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders(ctx.config));
  app.use(
    express.json({
      limit: '1mb',
      verify: (req, _res, buf) => {
        (req as express.Request).rawBody = buf.toString('utf8');
      },
    }),
  );

  app.get('/health', async (_req, res) => {
    const report = await checkHealth(ctx.db, ctx.provider);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  app.get('/admin/app.js', serveAdminBundle(ctx.log));
  app.use('/admin', express.static(path.join(projectRoot(), 'admin-ui', 'public'), { index: 'index.html' }));

  const ingress = routeSets.flatMap((set) => (set.ingress ? [set.ingress] : []));
  app.use('/api', ingressLimiter(ctx.config, ingress));
  for (const router of ingress) app.use('/api', router);

  const admin = Router();
  admin.use(authFailureLimiter(ctx.config));
  admin.use(requireAdmin(ctx.secret));
  admin.get('/whoami', (req, res) => {
    res.json({ employee: req.admin!.employee, shops: req.admin!.shops, expires: new Date(req.admin!.exp * 1000).toISOString() });
  });
  for (const set of routeSets) if (set.admin) admin.use(set.admin);
  app.use('/api', admin);

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such endpoint', issues: [] } });
  });
  app.use(errorHandler(ctx.log));
  return app;
}
