import { Router, Request, Response } from 'express';
import { assertShopAllowed, visibleShops } from '../auth';
import { toSqlDateTime } from '../db';
import { writeCsv, writeJsonArray } from '../exports';
import type { AppContext, RouteSet } from '../http/app';
import type { SmsProvider } from '../providers/types';
import { campaignFilterSchema, FILTER_CHOICES, listCampaigns, listRecipients, RECIPIENT_CHOICES, recipientFilterSchema, RecipientRow, streamRecipientRows } from './history';
import { invalidInput, issue, reasonColumns, zodIssues } from './messages';
import { Progress, progressEvents, progressOf } from './progress';
import { Campaign, getCampaign, transitionCampaign } from './queries';
import { createCampaign, estimateCampaign, scheduleCampaign, sendCampaignNow } from './service';
import type { CampaignAction } from './state';
import { readSendWindow } from './window';
import type { CampaignWorker } from './worker';

const RECIPIENT_EXPORT: Array<keyof RecipientRow & string> = ['id_recipient', 'id_customer', 'phone', 'country', 'firstname', 'lastname', 'status', 'parts', 'cost', 'provider_code', 'provider_message', 'sent_at'];
const CAMPAIGN_EXPORT: Array<keyof Campaign & string> = ['id_campaign', 'created_at', 'name', 'action', 'status', 'recipients', 'sent', 'failed', 'unknown', 'parts', 'estimated_cost', 'cost', 'scheduled_at', 'started_at', 'finished_at', 'error'];

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } };

function parse<T>(schema: Schema<T>, value: unknown, choices: Record<string, readonly string[]> = {}): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw invalidInput(zodIssues(r.error, 'query', choices));
}

function exportFormat(req: Request): 'csv' | 'json' {
  const f = req.query.format ?? 'csv';
  if (f !== 'csv' && f !== 'json') throw invalidInput([issue('format', 'format')]);
  return f;
}

async function sendExport<T extends object>(res: Response, name: string, format: 'csv' | 'json', columns: Array<keyof T & string>, rows: AsyncIterable<T>) {
  res.setHeader('content-disposition', `attachment; filename="${name}.${format}"`);
  res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json');
  if (format === 'csv') await writeCsv(res, columns, rows);
  else await writeJsonArray(res, rows);
  res.end();
}

/** /api/campaigns/*: estimate, create, the four actions, history, recipients, live progress. */
export function campaignRoutes(ctx: AppContext, provider: SmsProvider, worker: CampaignWorker | null): RouteSet {
  const admin = Router();
  const owned = async (req: Request): Promise<Campaign> => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1) throw invalidInput([issue('id', 'id', { value: String(req.params.id) })]);
    const c = await getCampaign(ctx.db, id);
    assertShopAllowed(req, c.id_shop);
    return c;
  };

  admin.post('/campaigns/estimate', async (req, res) => {
    res.json(await estimateCampaign(ctx.db, provider, req.body, visibleShops(req)));
  });
  admin.post('/campaigns', async (req, res) => {
    res.status(201).json({ campaign: await createCampaign(ctx.db, req.body, visibleShops(req)) });
  });
  admin.get('/campaigns', async (req, res) => {
    res.json(await listCampaigns(ctx.db, parse(campaignFilterSchema, req.query, FILTER_CHOICES), visibleShops(req)));
  });
  admin.get('/campaigns/export', async (req, res) => {
    const { format: _format, ...filters } = req.query;
    const filter = parse(campaignFilterSchema, { ...filters, page: 1, per_page: 500 }, FILTER_CHOICES);
    const { rows } = await listCampaigns(ctx.db, filter, visibleShops(req));
    await sendExport(res, 'campaigns', exportFormat(req), CAMPAIGN_EXPORT, (async function* () { yield* rows; })());
  });
  admin.get('/campaigns/:id', async (req, res) => {
    const c = await owned(req);
    res.json({ campaign: c, progress: progressOf(c) });
  });
  admin.get('/campaigns/:id/recipients', async (req, res) => {
    const c = await owned(req);
    res.json(await listRecipients(ctx.db, c.id_campaign, parse(recipientFilterSchema, req.query, RECIPIENT_CHOICES)));
  });
  admin.get('/campaigns/:id/recipients/export', async (req, res) => {
    const c = await owned(req);
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    await sendExport(res, `campaign-${c.id_campaign}`, exportFormat(req), RECIPIENT_EXPORT, streamRecipientRows(ctx.db, c.id_campaign, { status }));
  });
  admin.post('/campaigns/:id/send', async (req, res) => {
    const c = await owned(req);
    // Answers once the runner has checked the cost against the credit (409 when it does not cover it).
    const started = await sendCampaignNow(ctx.db, c.id_campaign, await readSendWindow(ctx.db, c.id_shop), (id) => worker?.kick(id));
    res.status(202).json({ campaign: started, progress: progressOf(started) });
  });
  admin.post('/campaigns/:id/schedule', async (req, res) => {
    const c = await owned(req);
    res.json(await scheduleCampaign(ctx.db, c.id_campaign, req.body?.at, await readSendWindow(ctx.db, c.id_shop)));
  });
  for (const action of ['pause', 'resume', 'cancel', 'unschedule'] as const satisfies readonly CampaignAction[]) {
    admin.post(`/campaigns/:id/${action}`, async (req, res) => {
      const c = await owned(req);
      const changes = action === 'pause' || action === 'unschedule' ? { scheduled_at: null } : action === 'cancel' ? { finished_at: toSqlDateTime(new Date()) } : reasonColumns(null);
      const updated = await transitionCampaign(ctx.db, c.id_campaign, action, changes);
      if (action === 'resume') worker?.kick(updated.id_campaign);
      res.json({ campaign: updated, progress: progressOf(updated) });
    });
  }
  admin.get('/campaigns/:id/progress', async (req, res) => {
    const c = await owned(req);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let last: Progress | null = null;
    const push = async () => {
      const p = progressOf(await getCampaign(ctx.db, c.id_campaign));
      for (const event of progressEvents(last, p)) res.write(`event: progress\ndata: ${JSON.stringify(event)}\n\n`);
      last = p;
      return p.settled;
    };
    // Polls the row: any instance can report a run another instance is doing.
    const timer = setInterval(() => {
      push().then((settled) => settled && stop(), stop);
    }, 500);
    const stop = () => {
      clearInterval(timer);
      res.end();
    };
    req.on('close', () => clearInterval(timer));
    if (await push()) stop();
  });
  return { admin };
}
