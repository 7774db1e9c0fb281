/**
 * Staff notifications on Telegram: a grammY bot (long polling or webhook, chosen in the
 * settings), chats linked to a shop with one-time codes, and the delivery the notifications
 * dispatcher sends [Admin] messages through, paced to Telegram's limits.
 */
export { startTelegram, WEBHOOK_PATH } from './service';
export type { TelegramOptions, TelegramService, TelegramStatus } from './service';
export { telegramRoutes } from './routes';
export { telegramFields, TELEGRAM_SETTING, checkToken } from './settings';
export type { TelegramMode } from './settings';
export { createLinkCode, redeemLinkCode, listChats, linkedChatIds, unlinkChat, normaliseCode, LINK_CODE_TTL_MINUTES } from './linking';
export type { ChatInfo, TelegramChat, Redeemed } from './linking';
export { SendLimiter, TELEGRAM_LIMITS, systemClock } from './rate-limit';
export type { Clock, LimiterOptions } from './rate-limit';
export { classifyApiError, redactToken } from './api-errors';
export type { ApiFailure } from './api-errors';
