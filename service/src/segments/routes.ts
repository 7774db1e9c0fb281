import { Router } from 'express';
import type { AppContext, RouteSet } from '../http';
import { parseInstant } from './criteria';
import { invalidSegment, segmentIssue } from './messages';
import { countSegment, previewSegment, SegmentOptions } from './index';

/**
 * /api/segments/*, behind the admin token. Body: {"segment": <criteria JSON>, "at"?: ISO instant}.
 * The token's shops bound the segment's: a shop outside them answers 401 unauthorized with an
 * issue naming it (the same code auth uses for shop scoping).
 */
function parseBody(body: unknown, shops: number[], sweepEverySeconds?: number): { segment: unknown; options: SegmentOptions } {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const extra = record ? Object.keys(record).filter((k) => k !== 'segment' && k !== 'at') : [];
  if (!record || !('segment' in record) || extra.length) throw invalidSegment([segmentIssue('', 'body')]);
  const at = record.at === undefined ? undefined : parseInstant(record.at, 'at');
  return { segment: record.segment, options: { at, allowedShops: shops, sweepEverySeconds } };
}

/**
 * `sweepEverySeconds`: how old the address sweep may be before a count runs one inline; the
 * service passes a long one because its background sweeper keeps the cache fresh (sweeper.ts).
 */
export function segmentRoutes(ctx: AppContext, routeOptions: { sweepEverySeconds?: number } = {}): RouteSet {
  const admin = Router();
  admin.post('/segments/count', async (req, res) => {
    const { segment, options } = parseBody(req.body, req.admin!.shops, routeOptions.sweepEverySeconds);
    res.json(await countSegment(ctx.db, segment, options));
  });
  admin.post('/segments/preview', async (req, res) => {
    const { segment, options } = parseBody(req.body, req.admin!.shops, routeOptions.sweepEverySeconds);
    res.json({ recipients: await previewSegment(ctx.db, segment, options) });
  });
  return { admin };
}
