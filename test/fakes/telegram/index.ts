/**
 * The fake Telegram Bot API, for the bot, linking and delivery tests:
 *   const fake = await startFakeTelegram();
 *   fake.addBot(FAKE_TOKEN, FAKE_USERNAME);
 *   startTelegram(db, log, { apiRoot: fake.apiRoot })   // grammY's client.apiRoot
 *   fake.userSays({ id: 111, lang: 'fr' }, '/link ABCD2345EF');
 *   await fake.waitFor((c) => c.method === 'sendMessage' && c.payload.chat_id === 111);
 *   fake.floodNext({ times: 1, retryAfter: 3 }); fake.blockChat(222); fake.loseChat(333);
 *   fake.migrateChat(-100, -1001234567890); fake.slowSends(2000);
 *   await fake.close();
 */
export { startFakeTelegram } from './server';
export type { FakeCall, FakeTelegram, SentMessage } from './server';
export { textUpdate } from './updates';
export type { FakeChat, TelegramUpdate } from './updates';

/** A token of the shape @BotFather gives; the fake knows it once addBot() was called. */
export const FAKE_TOKEN = '7000000001:AAFakeShopcastTestToken_0123456789abcd';
export const FAKE_USERNAME = 'shopcast_test_bot';
