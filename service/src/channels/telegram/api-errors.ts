import { GrammyError, HttpError } from 'grammy';

/**
 * What a failed Bot API call means for us. grammY throws GrammyError when Telegram answered
 * (error_code, description, parameters.retry_after) and HttpError when no answer came.
 */
export type ApiFailure =
  /** 429: wait `retryAfterSeconds`, then try again */
  | { kind: 'flood'; retryAfterSeconds: number; code: string; description: string }
  /** 403: the user blocked the bot, or it was removed from the group: this chat is gone */
  | { kind: 'forbidden'; code: string; description: string }
  /** 401/404: the token is wrong or revoked */
  | { kind: 'bad_token'; code: string; description: string }
  /** 400 chat not found, group deactivated: the chat is gone for the bot, like a block */
  | { kind: 'chat_gone'; code: string; description: string }
  /** 400 with migrate_to_chat_id: the group became a supergroup with this new id */
  | { kind: 'migrated'; newChatId: number; code: string; description: string }
  /** any other refusal (text refused...): final, retrying changes nothing */
  | { kind: 'refused'; code: string; description: string }
  /** nothing was sent (no connection, or Telegram 5xx): a later retry is safe */
  | { kind: 'unavailable'; code: string; description: string }
  /** the request may have reached Telegram (connection lost mid-call): never resend */
  | { kind: 'unknown'; code: string; description: string };

/** Telegram's words for a chat the bot can never write to again (the chat was deleted, or is unknown). */
const CHAT_GONE = /chat not found|group chat was deactivated|PEER_ID_INVALID|CHAT_ID_INVALID/i;

/** Connection errors raised before a request left us. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function classifyApiError(err: unknown): ApiFailure {
  if (err instanceof GrammyError) {
    const code = String(err.error_code);
    const description = redactToken(err.description);
    if (err.error_code === 429) return { kind: 'flood', retryAfterSeconds: err.parameters.retry_after ?? 1, code, description };
    if (err.error_code === 403) return { kind: 'forbidden', code, description };
    if (err.error_code === 401 || err.error_code === 404) return { kind: 'bad_token', code, description };
    if (err.error_code >= 500) return { kind: 'unavailable', code, description };
    const migrated = err.parameters.migrate_to_chat_id;
    if (migrated !== undefined) return { kind: 'migrated', newChatId: migrated, code, description };
    if (err.error_code === 400 && CHAT_GONE.test(err.description)) return { kind: 'chat_gone', code, description };
    return { kind: 'refused', code, description };
  }
  if (err instanceof HttpError) {
    const cause = (err.error as { code?: string; errno?: string } | undefined) ?? {};
    const code = cause.code ?? cause.errno ?? 'network';
    return { kind: NOT_SENT.has(code) ? 'unavailable' : 'unknown', code: code.slice(0, 16), description: redactToken(err.message) };
  }
  return { kind: 'unknown', code: 'error', description: redactToken(err instanceof Error ? err.message : String(err)) };
}

/**
 * Bot API URLs carry the token (/bot123456:AA.../sendMessage), and some transport errors quote
 * the URL: every text about a call goes through here before it is logged or stored.
 */
export function redactToken(text: string): string {
  return text.replace(/\d{3,}:[A-Za-z0-9_-]{20,}/g, '***');
}
