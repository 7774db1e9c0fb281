import { Bot, Context } from 'grammy';
import type { ShopDb } from '../../db';
import type { Lang } from '../../errors';
import type { Logger } from '../../logging';
import { readShopConfiguration } from '../../shop/read-model';
import { classifyApiError } from './api-errors';
import { ChatInfo, linksOfChat, redeemLinkCode, unlinkChat } from './linking';
import { botText, langOf } from './messages';

export interface BotDeps {
  db: ShopDb;
  log: Logger;
  now: () => Date;
}

/** Above the 30 s long poll, so a quiet getUpdates is not cut short by our own timeout. */
const API_TIMEOUT_SECONDS = 60;

/**
 * A bot that answers Shopcast's commands: /start [CODE] (the t.me deep link), /link CODE,
 * /unlink, /status, /help. Not started: the runtime chooses long polling or the webhook.
 */
export function createBot(token: string, deps: BotDeps, apiRoot?: string): Bot {
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS } });
  bot.command('start', (ctx) => (ctx.match ? link(ctx, deps, ctx.match) : reply(ctx, botText.welcome(lang(ctx)))));
  bot.command('link', (ctx) => (ctx.match ? link(ctx, deps, ctx.match) : reply(ctx, botText.linkUsage(lang(ctx)))));
  bot.command('unlink', (ctx) => unlink(ctx, deps));
  bot.command('status', (ctx) => status(ctx, deps));
  bot.command('help', (ctx) => reply(ctx, botText.help(lang(ctx))));
  // In a private chat anything else gets the help; in a staff group the bot stays quiet.
  bot.chatType('private').on('message:text', (ctx) => reply(ctx, botText.help(lang(ctx))));
  bot.catch((err) => {
    deps.log.warn({ update_id: err.ctx.update.update_id, reason: classifyApiError(err.error).description }, 'telegram update failed');
  });
  return bot;
}

function lang(ctx: Context): Lang {
  return langOf(ctx.from?.language_code);
}

async function reply(ctx: Context, text: string): Promise<void> {
  await ctx.reply(text, { link_preview_options: { is_disabled: true } });
}

function chatInfo(ctx: Context): ChatInfo {
  const chat = ctx.chat!;
  const title = chat.type === 'private' ? [chat.first_name, chat.last_name].filter(Boolean).join(' ') || chat.username || null : chat.title;
  return { id: chat.id, type: chat.type, title: title ?? null };
}

async function shopName(db: ShopDb, idShop: number, language: Lang): Promise<string> {
  if (idShop === 0) return botText.allShops(language);
  return (await readShopConfiguration(db, 'PS_SHOP_NAME', idShop)) ?? `shop ${idShop}`;
}

async function link(ctx: Context, deps: BotDeps, code: string): Promise<void> {
  const language = lang(ctx);
  const outcome = await redeemLinkCode(deps.db, code, chatInfo(ctx), deps.now());
  if (outcome.status !== 'linked') {
    deps.log.info({ chat_id: ctx.chat!.id, outcome: outcome.status }, 'telegram link code refused');
    return reply(ctx, outcome.status === 'expired' ? botText.expired(language) : botText.invalid(language));
  }
  deps.log.info({ chat_id: outcome.chat.chat_id, id_shop: outcome.chat.id_shop, chat_type: outcome.chat.chat_type }, 'telegram chat linked');
  await reply(ctx, botText.linked(language, await shopName(deps.db, outcome.chat.id_shop, language)));
}

async function unlink(ctx: Context, deps: BotDeps): Promise<void> {
  const ended = await unlinkChat(deps.db, ctx.chat!.id, 'unlinked from Telegram (/unlink)', deps.now());
  if (ended > 0) deps.log.info({ chat_id: ctx.chat!.id, links: ended }, 'telegram chat unlinked by its user');
  await reply(ctx, ended > 0 ? botText.unlinked(lang(ctx)) : botText.notLinked(lang(ctx)));
}

async function status(ctx: Context, deps: BotDeps): Promise<void> {
  const language = lang(ctx);
  const links = await linksOfChat(deps.db, ctx.chat!.id);
  if (links.length === 0) return reply(ctx, botText.notLinked(language));
  const shops = [];
  for (const l of links) shops.push({ name: await shopName(deps.db, l.id_shop, language), since: l.linked_at });
  await reply(ctx, botText.status(language, shops));
}
