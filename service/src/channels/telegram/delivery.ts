import type { Api } from 'grammy';
import type { ShopDb } from '../../db';
import type { Logger } from '../../logging';
import type { StaffChatChannel } from '../../notifications';
import type { MessageResult, OutgoingSms } from '../../providers';
import { ApiFailure, classifyApiError } from './api-errors';
import { isChatLinked, linkedChatIds, unlinkChat } from './linking';
import type { SendLimiter } from './rate-limit';

export interface DeliveryDeps {
  db: ShopDb;
  log: Logger;
  now: () => Date;
  /** the running bot's API, or null while no bot runs (no token, or starting) */
  api: () => Api | null;
  limiter: SendLimiter;
  /** a 429 asking for a longer wait is handed back to the dispatcher's retry instead of waited out here */
  maxRetryAfterSeconds: number;
  /** sends to one chat within one call, 429s included */
  maxAttempts: number;
}

const RECIPIENT = /^tg:(-?\d{1,20})$/;

export function chatRecipient(chatId: number): string {
  return `tg:${chatId}`;
}

/**
 * The notifications' StaffChatChannel over the Bot API: the linked chats of a shop, and sends
 * paced by the limiter. A 429 holds the chat for retry_after and the message goes again, once
 * per attempt; a 403 (bot blocked, or removed from the group) ends the chat's links with
 * Telegram's words, so it is never tried again.
 */
export function createTelegramDelivery(deps: DeliveryDeps): StaffChatChannel {
  return {
    async recipients(idShop) {
      return (await linkedChatIds(deps.db, idShop)).map(chatRecipient);
    },
    async send(messages) {
      const results: MessageResult[] = [];
      for (const m of messages) results.push(await sendOne(deps, m));
      return results;
    },
  };
}

function outcome(m: OutgoingSms, status: MessageResult['status'], code: string, message: string | null, extra: Partial<MessageResult> = {}): MessageResult {
  return { to: m.to, tracker: m.tracker, status, code, message, ...extra };
}

async function sendOne(deps: DeliveryDeps, m: OutgoingSms): Promise<MessageResult> {
  const match = RECIPIENT.exec(m.to);
  if (!match) return outcome(m, 'rejected', 'recipient', `not a Telegram chat: ${m.to}`);
  const chatId = Number(match[1]);
  // Unlinked between planning and sending (an administrator, /unlink, or a block seen on an earlier event).
  if (!(await isChatLinked(deps.db, chatId))) return outcome(m, 'rejected', 'unlinked', 'the chat is no longer linked');
  const api = deps.api();
  if (!api) return outcome(m, 'rejected', 'not_running', 'the Telegram bot is not running', { retryable: true });
  for (let attempt = 1; attempt <= deps.maxAttempts; attempt++) {
    await deps.limiter.acquire(m.to);
    try {
      const sent = await api.sendMessage(chatId, m.text, { link_preview_options: { is_disabled: true } });
      return outcome(m, 'accepted', 'ok', null, { providerId: String(sent.message_id) });
    } catch (err) {
      const failure = classifyApiError(err);
      if (failure.kind !== 'flood') return failed(deps, m, chatId, failure);
      if (failure.retryAfterSeconds > deps.maxRetryAfterSeconds) break;
      deps.log.info({ chat_id: chatId, retry_after: failure.retryAfterSeconds, attempt }, 'telegram rate limit hit; waiting');
      deps.limiter.holdChat(m.to, failure.retryAfterSeconds * 1000);
    }
  }
  return outcome(m, 'rejected', '429', 'Telegram rate limit: too many requests', { retryable: true });
}

async function failed(deps: DeliveryDeps, m: OutgoingSms, chatId: number, failure: ApiFailure): Promise<MessageResult> {
  if (failure.kind === 'forbidden') {
    const ended = await unlinkChat(deps.db, chatId, failure.description, deps.now());
    deps.log.warn({ chat_id: chatId, links: ended, reason: failure.description }, 'telegram chat unlinked: the bot may not write to it');
  } else {
    deps.log.warn({ chat_id: chatId, kind: failure.kind, code: failure.code, reason: failure.description }, 'telegram send failed');
  }
  if (failure.kind === 'unknown') return outcome(m, 'unknown', failure.code, failure.description);
  // A revoked token or an outage is nobody's final answer about this message: retry later.
  const retryable = failure.kind === 'unavailable' || failure.kind === 'bad_token';
  return outcome(m, 'rejected', failure.code, failure.description, { retryable });
}
