/**
 * Updates as Telegram sends them, for feeding the fake: a text message, with the bot_command
 * entity Telegram adds when the text starts with a command (grammY's command matching needs it).
 */
export interface FakeChat {
  id: number;
  type?: 'private' | 'group' | 'supergroup';
  /** group title, or the user's first name in a private chat */
  name?: string;
  /** the sender's language_code */
  lang?: string;
}

export interface TelegramUpdate {
  update_id: number;
  message: {
    message_id: number;
    date: number;
    chat: Record<string, unknown>;
    from: Record<string, unknown>;
    text: string;
    entities?: Array<{ type: 'bot_command'; offset: number; length: number }>;
  };
}

let nextMessageId = 1;

export function textUpdate(updateId: number, chat: FakeChat, text: string): TelegramUpdate {
  const type = chat.type ?? 'private';
  const userId = type === 'private' ? chat.id : 4242;
  const from = { id: userId, is_bot: false, first_name: type === 'private' ? (chat.name ?? 'Claire') : 'Staff', language_code: chat.lang ?? 'en' };
  const chatObject = type === 'private' ? { id: chat.id, type, first_name: chat.name ?? 'Claire' } : { id: chat.id, type, title: chat.name ?? 'Staff' };
  const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: chatObject,
      from,
      text,
      ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
    },
  };
}
