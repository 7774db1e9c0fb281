import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ShopDb } from '../../db';
import { toSqlDateTime } from '../../db';
import { ShopcastError } from '../../errors';

/**
 * Which Telegram chats receive a shop's [Admin] notifications, and the one-time codes that link
 * them. A code proves the chat belongs to someone with an admin token: the admin page asks for
 * one, the merchant sends it to the bot. (The seed proves it by email instead; a future email
 * flow would redeem its own proof into the same chat rows, with linked_via 'email'.)
 */
export interface ChatInfo {
  id: number;
  type: string;
  title: string | null;
}

export interface TelegramChat {
  id_telegram_chat: number;
  id_shop: number;
  chat_id: number;
  chat_type: string;
  title: string | null;
  status: 'linked' | 'unlinked';
  linked_via: string;
  linked_by: number | null;
  linked_at: string;
  unlinked_at: string | null;
  unlink_reason: string | null;
}

export type Redeemed = { status: 'linked'; chat: TelegramChat } | { status: 'expired' } | { status: 'invalid' };

export const LINK_CODE_TTL_MINUTES = 15;
/** No 0/O or 1/I: the code may be read on one screen and typed on another. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 32^10 = 2^50 codes, alive 15 minutes: not guessable through a bot that answers one at a time. */
const CODE_LENGTH = 10;

export function newLinkCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
}

/** What the merchant typed, as it was issued: case, spaces and dashes do not matter. */
export function normaliseCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/g, '');
}

function hashCode(code: string): string {
  return crypto.createHash('sha256').update(normaliseCode(code)).digest('hex');
}

/** Issues a code for `idShop` (0 = every shop), valid `ttlMinutes`; old expired codes are cleared. */
export async function createLinkCode(
  db: ShopDb,
  options: { idShop: number; employee: number | null; now: Date; ttlMinutes?: number },
): Promise<{ code: string; expires_at: string }> {
  const table = db.ownTable('telegram_link_code');
  const dayAgo = new Date(options.now.getTime() - 24 * 3600_000);
  await db.knex(table).where('expires_at', '<', toSqlDateTime(dayAgo)).delete();
  const code = newLinkCode();
  const expires = new Date(options.now.getTime() + (options.ttlMinutes ?? LINK_CODE_TTL_MINUTES) * 60_000);
  await db.knex(table).insert({
    code_hash: hashCode(code),
    id_shop: options.idShop,
    created_by: options.employee,
    created_at: toSqlDateTime(options.now),
    expires_at: toSqlDateTime(expires),
  });
  return { code, expires_at: toSqlDateTime(expires) };
}

/**
 * Redeems a code for a chat. The UPDATE that marks the code used is the claim: of two chats
 * sending one code at once, only one links. A code already used reads as invalid, like a
 * wrong one; an unused code past its time reads as expired, so the merchant knows to ask again.
 */
export async function redeemLinkCode(db: ShopDb, raw: string, chat: ChatInfo, now: Date): Promise<Redeemed> {
  const table = db.ownTable('telegram_link_code');
  const hash = hashCode(raw);
  const stamp = toSqlDateTime(now);
  // One transaction: a code is never spent without its chat being linked.
  return db.knex.transaction(async (trx) => {
    const claimed = await trx(table)
      .where({ code_hash: hash })
      .whereNull('used_at')
      .andWhere('expires_at', '>', stamp)
      .update({ used_at: stamp, chat_id: chat.id });
    const row = await trx(table).first('id_shop', 'created_by', 'used_at').where({ code_hash: hash });
    if (claimed === 0) return { status: row && row.used_at === null ? 'expired' : 'invalid' };
    const employee = row.created_by === null ? null : Number(row.created_by);
    const linked = await linkChat(trx, db.ownTable('telegram_chat'), { idShop: Number(row.id_shop), employee, chat, via: 'code', now });
    return { status: 'linked', chat: linked };
  });
}

/** Links (or links again) a chat to a shop; the only way a chat becomes `linked`. */
async function linkChat(k: Knex, table: string, link: { idShop: number; employee: number | null; chat: ChatInfo; via: string; now: Date }): Promise<TelegramChat> {
  const values = {
    chat_type: link.chat.type,
    title: link.chat.title === null ? null : link.chat.title.slice(0, 255),
    status: 'linked',
    linked_via: link.via,
    linked_by: link.employee,
    linked_at: toSqlDateTime(link.now),
    unlinked_at: null,
    unlink_reason: null,
  };
  await k(table)
    .insert({ id_shop: link.idShop, chat_id: link.chat.id, ...values })
    .onConflict(['id_shop', 'chat_id'])
    .merge(Object.keys(values));
  return toChat(await k(table).first('*').where({ id_shop: link.idShop, chat_id: link.chat.id }));
}

/** Chats of these shops (every shop when `shops` is empty), linked or not, newest first. */
export async function listChats(db: ShopDb, shops: number[] = []): Promise<TelegramChat[]> {
  const q = db.knex(db.ownTable('telegram_chat')).select('*').orderBy('id_telegram_chat', 'desc');
  if (shops.length > 0) q.whereIn('id_shop', shops);
  return (await q).map(toChat);
}

export async function getChatLink(db: ShopDb, id: number): Promise<TelegramChat> {
  const row = await db.knex(db.ownTable('telegram_chat')).first('*').where({ id_telegram_chat: id });
  if (!row) throw new ShopcastError('not_found', `telegram chat link ${id} does not exist`, { id_telegram_chat: id });
  return toChat(row);
}

/** Ends one link (an administrator's choice); the row stays with the reason. */
export async function unlinkChatLink(db: ShopDb, id: number, reason: string, now: Date): Promise<void> {
  await db
    .knex(db.ownTable('telegram_chat'))
    .where({ id_telegram_chat: id, status: 'linked' })
    .update({ status: 'unlinked', unlinked_at: toSqlDateTime(now), unlink_reason: reason.slice(0, 255) });
}

/** Ends every link of a chat (its /unlink, or Telegram saying the bot was blocked); returns how many. */
export async function unlinkChat(db: ShopDb, chatId: number, reason: string, now: Date): Promise<number> {
  return db
    .knex(db.ownTable('telegram_chat'))
    .where({ chat_id: chatId, status: 'linked' })
    .update({ status: 'unlinked', unlinked_at: toSqlDateTime(now), unlink_reason: reason.slice(0, 255) });
}

/**
 * A group became a supergroup (Telegram gives the new id once, in a 400 answer): its live links
 * move to the new id, the shops and the history of the old rows kept. Where the new chat is
 * already linked to a shop, the old row is ended instead, saying where it went. Returns the
 * links that now point at the new chat.
 */
export async function moveChat(db: ShopDb, oldChatId: number, newChatId: number, now: Date): Promise<number> {
  const table = db.ownTable('telegram_chat');
  return db.knex.transaction(async (trx) => {
    const links = await trx(table).select('id_telegram_chat', 'id_shop').where({ chat_id: oldChatId, status: 'linked' });
    let moved = 0;
    for (const link of links) {
      const taken = await trx(table).first('id_telegram_chat').where({ id_shop: link.id_shop, chat_id: newChatId });
      const reason = `group upgraded to supergroup ${newChatId}`;
      if (taken) {
        await trx(table).where({ id_telegram_chat: taken.id_telegram_chat }).update({ status: 'linked', unlinked_at: null, unlink_reason: null });
        await trx(table).where({ id_telegram_chat: link.id_telegram_chat }).update({ status: 'unlinked', unlinked_at: toSqlDateTime(now), unlink_reason: reason });
      } else {
        await trx(table).where({ id_telegram_chat: link.id_telegram_chat }).update({ chat_id: newChatId, chat_type: 'supergroup' });
      }
      moved++;
    }
    return moved;
  });
}

/** The live links of one chat, for its /status. */
export async function linksOfChat(db: ShopDb, chatId: number): Promise<TelegramChat[]> {
  const rows = await db.knex(db.ownTable('telegram_chat')).select('*').where({ chat_id: chatId, status: 'linked' }).orderBy('id_shop');
  return rows.map(toChat);
}

/** Chats that receive this shop's notifications: linked to it, or to every shop; each once. */
export async function linkedChatIds(db: ShopDb, idShop: number): Promise<number[]> {
  const rows = await db
    .knex(db.ownTable('telegram_chat'))
    .distinct('chat_id')
    .where({ status: 'linked' })
    .whereIn('id_shop', [0, idShop])
    .orderBy('chat_id');
  return rows.map((r) => Number(r.chat_id));
}

export async function isChatLinked(db: ShopDb, chatId: number): Promise<boolean> {
  return Boolean(await db.knex(db.ownTable('telegram_chat')).first('id_telegram_chat').where({ chat_id: chatId, status: 'linked' }));
}

function toChat(r: Record<string, unknown>): TelegramChat {
  return {
    id_telegram_chat: Number(r.id_telegram_chat),
    id_shop: Number(r.id_shop),
    chat_id: Number(r.chat_id),
    chat_type: String(r.chat_type),
    title: (r.title as string | null) ?? null,
    status: r.status === 'linked' ? 'linked' : 'unlinked',
    linked_via: String(r.linked_via),
    linked_by: r.linked_by === null || r.linked_by === undefined ? null : Number(r.linked_by),
    linked_at: String(r.linked_at),
    unlinked_at: (r.unlinked_at as string | null) ?? null,
    unlink_reason: (r.unlink_reason as string | null) ?? null,
  };
}
