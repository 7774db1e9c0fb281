import { Router } from 'express';
import { assertShopAllowed, defaultShop, requireIngressSignature, visibleShops } from '../auth';
import { ShopcastError } from '../errors';
import { writeCsv, writeJsonArray } from '../exports';
import type { AppContext, RouteSet } from '../http/app';
import { listOrderStates } from '../shop/read-model';
import { variablesFor } from '../templates';
import type { OutboxConsumer } from './consumer';
import { buildCatalogue, templateAudienceFor } from './events';
import { parseHistoryFilter } from './history-filter';
import { HistoryRow, listNotifications, streamNotifications } from './history-query';
import { parseRuleInput, parseRuleInputs } from './rule-input';
import { createRule, createRules, deleteRule, getRule, listRules, setRuleActive, updateRule } from './rules';

const EXPORT_COLUMNS: Array<keyof HistoryRow & string> = [
  'id_notification', 'created_at', 'recipient', 'message', 'sender', 'status', 'provider_code', 'provider_message', 'parts', 'event', 'id_rule', 'id_event', 'id_shop', 'sent_at', 'channel', 'chat_title',
];

function idParam(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ShopcastError('invalid_input', { en: `expected a rule id, got "${raw}"`, fr: `identifiant de règle attendu, reçu « ${raw} »` });
  return id;
}

/** /api/notifications/* for the admin pages, and the module's wake call. */
export function notificationRoutes(ctx: AppContext, consumer: OutboxConsumer | null): RouteSet {
  const admin = Router();
  admin.get('/notifications/events', async (_req, res) => {
    const catalogue = buildCatalogue(await listOrderStates(ctx.db));
    res.json({
      events: catalogue.map((e) => ({ ...e, variables: variablesFor(templateAudienceFor([e.key])).map((v) => v.name) })),
    });
  });
  admin.get('/notifications/rules', async (req, res) => {
    res.json({ rules: await listRules(ctx.db, visibleShops(req)) });
  });
  // One rule, or {rules: [...]} saved together in one transaction (the page's [Admin] + [Client] form).
  admin.post('/notifications/rules', async (req, res) => {
    if (Array.isArray(req.body?.rules)) {
      const inputs = parseRuleInputs(req.body.rules.map((r: unknown) => ({ id_shop: defaultShop(req), ...(r as object) })));
      for (const input of inputs) assertShopAllowed(req, input.id_shop);
      res.status(201).json({ rules: await createRules(ctx.db, inputs) });
      return;
    }
    const input = parseRuleInput({ id_shop: defaultShop(req), ...req.body });
    assertShopAllowed(req, input.id_shop);
    res.status(201).json({ rule: await createRule(ctx.db, input) });
  });
  admin.put('/notifications/rules/:id', async (req, res) => {
    const id = idParam(req.params.id);
    assertShopAllowed(req, (await getRule(ctx.db, id)).id_shop);
    const input = parseRuleInput({ id_shop: defaultShop(req), ...req.body });
    assertShopAllowed(req, input.id_shop);
    res.json({ rule: await updateRule(ctx.db, id, input) });
  });
  admin.patch('/notifications/rules/:id', async (req, res) => {
    const id = idParam(req.params.id);
    assertShopAllowed(req, (await getRule(ctx.db, id)).id_shop);
    if (typeof req.body?.active !== 'boolean') throw new ShopcastError('invalid_input', { en: 'active: expected true or false', fr: 'active : true ou false attendu' });
    await setRuleActive(ctx.db, id, req.body.active);
    res.json({ rule: await getRule(ctx.db, id) });
  });
  admin.delete('/notifications/rules/:id', async (req, res) => {
    const id = idParam(req.params.id);
    assertShopAllowed(req, (await getRule(ctx.db, id)).id_shop);
    await deleteRule(ctx.db, id);
    res.status(204).end();
  });
  admin.get('/notifications/history', async (req, res) => {
    res.json(await listNotifications(ctx.db, parseHistoryFilter(req.query), visibleShops(req)));
  });
  admin.get('/notifications/history/export', async (req, res) => {
    const format = req.query.format === 'json' ? 'json' : req.query.format === 'csv' || req.query.format === undefined ? 'csv' : null;
    if (!format) throw new ShopcastError('invalid_input', { en: 'format: expected csv or json', fr: 'format : csv ou json attendu' });
    const rows = streamNotifications(ctx.db, parseHistoryFilter(req.query), visibleShops(req));
    res.setHeader('content-disposition', `attachment; filename="notifications.${format}"`);
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json');
    if (format === 'csv') await writeCsv(res, EXPORT_COLUMNS, rows);
    else await writeJsonArray(res, rows);
    res.end();
  });

  const ingress = Router();
  ingress.post('/events/wake', requireIngressSignature(ctx.secret), (_req, res) => {
    consumer?.wake();
    res.status(202).json({ woke: consumer !== null });
  });
  return { admin, ingress };
}
