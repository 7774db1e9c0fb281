import type { Api } from 'grammy';
import type { ShopDb } from '../../db';
import type { Logger } from '../../logging';
import type { StaffChatChannel } from '../../notifications';
import type { MessageResult, OutgoingSms } from '../../providers';
import { ApiFailure, classifyApiError } from './api-errors';
import { isChatLinked, linkedChatIds, moveChat, unlinkChat } from './linking';
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
 * per attempt; a 403 (bot blocked, or removed from the group) or a 400 for a chat that is gone
 * ends the chat's links with Telegram's words, so it is never tried again; a group upgraded to a
 * supergroup has its links moved to the new id, where the message goes at once.
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
  let chatId = Number(match[1]);
  // Unlinked between planning and sending (an administrator, /unlink, or a block seen on an earlier event).
  if (!(await isChatLinked(deps.db, chatId))) return outcome(m, 'rejected', 'unlinked', 'the chat is no longer linked');
  const api = deps.api();
  if (!api) return outcome(m, 'rejected', 'not_running', 'the Telegram bot is not running', { retryable: true });
  let movedTo: number | null = null;
  for (let attempt = 1; attempt <= deps.maxAttempts; attempt++) {
    await deps.limiter.acquire(chatRecipient(chatId));
    try {
      const sent = await api.sendMessage(chatId, m.text, { link_preview_options: { is_disabled: true } });
      const note = movedTo === null ? null : `sent to supergroup ${movedTo} (the group was upgraded)`;
      return outcome(m, 'accepted', 'ok', note, { providerId: String(sent.message_id) });
    } catch (err) {
      const failure = classifyApiError(err);
      if (failure.kind === 'migrated' && movedTo === null) {
        // Nothing was delivered to the old id: the links follow the group, the message goes there.
        const moved = await moveChat(deps.db, chatId, failure.newChatId, deps.now());
        deps.log.info({ chat_id: chatId, new_chat_id: failure.newChatId, links: moved }, 'telegram group upgraded to a supergroup; links moved');
        chatId = movedTo = failure.newChatId;
        continue;
      }
      if (failure.kind !== 'flood') return failed(deps, m, chatId, failure);
      if (failure.retryAfterSeconds > deps.maxRetryAfterSeconds) break;
      deps.log.info({ chat_id: chatId, retry_after: failure.retryAfterSeconds, attempt }, 'telegram rate limit hit; waiting');
      deps.limiter.holdChat(chatRecipient(chatId), failure.retryAfterSeconds * 1000);
    }
  }
  return outcome(m, 'rejected', '429', 'Telegram rate limit: too many requests', { retryable: true });
}

async function failed(deps: DeliveryDeps, m: OutgoingSms, chatId: number, failure: ApiFailure): Promise<MessageResult> {
  if (failure.kind === 'forbidden' || failure.kind === 'chat_gone') {
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
