import type { MessageResult, OutgoingSms } from '../providers/types';

/** How a rule delivers: SMS through the provider, or Telegram to the shop's linked staff chats. */
export const CHANNELS = ['sms', 'telegram'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a rule without a `channels` field (every rule made before Telegram) delivers by. */
export const DEFAULT_CHANNELS: Channel[] = ['sms'];

/**
 * The port the dispatcher needs from a chat channel (Telegram): the recipients of a shop and a
 * send that answers like an SMS provider, one result per message, never throwing for an API or
 * network failure. Declared here so notifications never import the bot.
 */
export interface StaffChatChannel {
  /** recipients linked to this shop (shop-wide links included), e.g. 'tg:123456789' */
  recipients(idShop: number): Promise<string[]>;
  send(messages: OutgoingSms[]): Promise<MessageResult[]>;
}

/** 'sms,telegram' as stored -> ['sms', 'telegram']; unknown words are dropped. */
export function parseChannels(stored: unknown): Channel[] {
  const words = String(stored ?? '').split(',').map((w) => w.trim());
  const channels = CHANNELS.filter((c) => words.includes(c));
  return channels.length > 0 ? channels : [...DEFAULT_CHANNELS];
}

/** The stored form, in a fixed order so equal choices compare equal. */
export function formatChannels(channels: Channel[] | undefined): string {
  const chosen = channels && channels.length > 0 ? channels : DEFAULT_CHANNELS;
  return CHANNELS.filter((c) => chosen.includes(c)).join(',');
}
