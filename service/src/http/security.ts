import type { Request, RequestHandler, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Config } from '../config';
import { ShopcastError } from '../errors';

/**
 * Security headers (CSP, nosniff, HSTS, referrer policy, cross-origin policies...). No
 * X-Frame-Options: the PrestaShop back office, on another origin, shows the admin pages in an
 * iframe; CSP frame-ancestors (SHOPCAST_FRAME_ANCESTORS) says which origins may. Scripts come
 * from the service only; 'unsafe-eval' is there because the live counter renders templates with
 * Handlebars, whose compiler builds functions from strings (without it the counter and the
 * preview stop, which is what a first attempt at a CSP broke).
 */
export function securityHeaders(config: Pick<Config, 'frameAncestors'>): RequestHandler {
  return helmet({
    frameguard: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-eval'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: config.frameAncestors.split(/\s+/),
        upgradeInsecureRequests: null,
      },
    },
  });
}

const minute = 60_000;

function tooMany(what: string): RequestHandler {
  return (_req, _res, next) => next(new ShopcastError('rate_limited', `too many ${what} from this address; try again in a minute`));
}

/** A route layer's own matcher (express 5's router), so the limit follows the routes themselves. */
type RouteLayer = { route?: unknown; match(path: string): boolean };

/**
 * Module and webhook calls: only refused ones (401: a missing or bad module signature, a wrong
 * Telegram secret) count, at most SHOPCAST_RATE_LIMIT a minute per client address; past that the
 * address gets 429 for the rest of the minute. Correctly signed calls never count, so a busy
 * shop's wake pings (one per event, cheap, coalesced by the consumer) are never throttled; before
 * this, 120 wakes a minute sent the rest to 429 and the events waited for the next poll.
 * Only requests an ingress route will answer are seen, so admin traffic on /api is not.
 * The count is in memory: each instance keeps its own.
 */
export function ingressLimiter(config: Pick<Config, 'rateLimit'>, routers: Router[]): RequestHandler {
  const layers = routers.flatMap((r) => (r.stack as unknown as RouteLayer[]).filter((l) => l.route));
  return rateLimit({
    windowMs: minute,
    limit: config.rateLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req: Request) => !layers.some((l) => l.match(req.path)),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: tooMany('refused module calls'),
  });
}

/**
 * Guessing admin tokens: only refused authentications (401) count, at most SHOPCAST_RATE_LIMIT
 * a minute per client address; past that the address gets 429 for the rest of the minute.
 */
export function authFailureLimiter(config: Pick<Config, 'rateLimit'>): RequestHandler {
  return rateLimit({
    windowMs: minute,
    limit: config.rateLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: tooMany('refused authentications'),
  });
}
