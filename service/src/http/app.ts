import path from 'node:path';
import express, { Express, Router } from 'express';
import { ModuleSecret, requireAdmin } from '../auth';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import { ShopcastError } from '../errors';
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
  /** the module secret: signs admin tokens and module calls; followed across rotations when stored */
  secret: ModuleSecret;
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
    const { employee, shops, exp, lang } = req.admin!;
    // lang: the back-office language the module signed; null for CLI and demo tokens.
    res.json({ employee, shops, expires: new Date(exp * 1000).toISOString(), lang: lang ?? null });
  });
  for (const set of routeSets) if (set.admin) admin.use(set.admin);
  // Behind requireAdmin, an unknown /api path answers 401 to a caller without a valid token and
  // 404 only to one with: the list of admin routes is not revealed to strangers.
  app.use('/api', admin);

  app.use((req, _res, next) => {
    next(new ShopcastError('not_found', { en: 'no such endpoint', fr: "cette adresse n'existe pas" }, { method: req.method, path: req.path }));
  });
  app.use(errorHandler(ctx.log));
  return app;
}
