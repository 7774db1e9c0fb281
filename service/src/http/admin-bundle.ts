import path from 'node:path';
import type { Request, Response } from 'express';
import type { Logger } from '../logging';
import { projectRoot } from '../paths';

/**
 * The admin pages' script: admin-ui/src/main.ts and what it imports (the SMS core and templates
 * of service/src included, so the live counter runs the service's own code) bundled by esbuild
 * in memory, once per process, the first time it is asked for. Built from the sources the
 * service runs with, it can never be stale, and a fresh checkout needs no build step.
 */
export interface AdminBundle {
  code: string;
  etag: string;
}

let pending: Promise<AdminBundle> | undefined;

async function buildBundle(): Promise<AdminBundle> {
  // Loaded here so that processes that never serve the pages (CLI, unit tests) never start esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(projectRoot(), 'admin-ui', 'src', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    // Handlebars requires source-map inside a try, only to emit source maps of compiled
    // templates, which the pages never ask for: leaving it out saves a sixth of the bundle.
    external: ['source-map'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return { code, etag: `"${result.outputFiles[0].hash}"` };
}

/** Starts the build (or returns the one under way or done); a failed build is retried on the next call. */
export function adminBundle(): Promise<AdminBundle> {
  pending ??= buildBundle().catch((err) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

/** GET /admin/app.js */
export function serveAdminBundle(log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const bundle = await adminBundle();
      res.setHeader('etag', bundle.etag);
      res.setHeader('cache-control', 'no-cache');
      if (req.get('if-none-match') === bundle.etag) {
        res.status(304).end();
        return;
      }
      res.type('application/javascript; charset=utf-8').send(bundle.code);
    } catch (err) {
      log.error({ err }, 'admin pages bundle failed');
      res.status(500).type('text/plain').send('the admin pages could not be built; see the service log');
    }
  };
}
