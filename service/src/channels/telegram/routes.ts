import { Router } from 'express';
import { assertShopAllowed, defaultShop, visibleShops } from '../../auth';
import { ShopcastError } from '../../errors';
import type { AppContext, RouteSet } from '../../http';
import { getChatLink, listChats, unlinkChatLink } from './linking';
import type { TelegramService } from './service';

function idParam(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ShopcastError('invalid_input', `expected a chat link id, got "${raw}"`);
  return id;
}

/**
 * /api/telegram/*: behind the admin token, the bot's status, link codes and the linked chats;
 * as ingress, the webhook Telegram calls (its proof is the secret header, checked by grammY).
 */
export function telegramRoutes(ctx: AppContext, telegram: TelegramService): RouteSet {
  const admin = Router();
  admin.get('/telegram/status', (_req, res) => {
    res.json(telegram.status());
  });
  admin.post('/telegram/link-codes', async (req, res) => {
    const idShop = typeof req.body?.id_shop === 'number' ? req.body.id_shop : defaultShop(req);
    if (!Number.isInteger(idShop) || idShop < 0) throw new ShopcastError('invalid_input', 'id_shop: expected a shop id, or 0 for every shop');
    assertShopAllowed(req, idShop);
    const issued = await telegram.issueLinkCode(idShop, req.admin?.employee ?? null);
    ctx.log.info({ id_shop: idShop, employee: req.admin?.employee, expires_at: issued.expires_at }, 'telegram link code issued');
    res.status(201).json({ ...issued, id_shop: idShop });
  });
  admin.get('/telegram/chats', async (req, res) => {
    res.json({ chats: await listChats(ctx.db, visibleShops(req)) });
  });
  admin.delete('/telegram/chats/:id', async (req, res) => {
    const chat = await getChatLink(ctx.db, idParam(req.params.id));
    assertShopAllowed(req, chat.id_shop);
    await unlinkChatLink(ctx.db, chat.id_telegram_chat, `unlinked by administrator ${req.admin?.employee ?? 0}`, new Date());
    ctx.log.info({ id_telegram_chat: chat.id_telegram_chat, employee: req.admin?.employee }, 'telegram chat unlinked by an administrator');
    res.status(204).end();
  });

  const ingress = Router();
  ingress.post('/telegram/webhook', (req, res) => telegram.handleWebhook(req, res));
  return { admin, ingress };
}
