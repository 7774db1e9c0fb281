import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAdminToken } from '../../../service/src/auth';
import { startTelegram, telegramRoutes, TelegramOptions, TelegramService } from '../../../service/src/channels/telegram';
import { loadConfig } from '../../../service/src/config';
import { AppContext, createApp } from '../../../service/src/http';
import { createLogger } from '../../../service/src/logging';
import { providerRoutes } from '../../../service/src/providers/routes';
import { writeSetting } from '../../../service/src/settings';
import { FakeChat, FakeTelegram, FAKE_TOKEN, FAKE_USERNAME, startFakeTelegram } from '../../fakes/telegram';
import type { TestDatabase, TestDialect } from '../../helpers/databases';
import { createShop } from '../../helpers/shop-fixtures';

const secret = 'k'.repeat(64);

/**
 * A shop database, the fake Bot API, the Telegram service pointed at it (long polling, 1 s polls)
 * and an HTTP app with the settings and Telegram routes. Every log line is kept, so tests can
 * check that no secret was written.
 */
export interface TelegramRig {
  t: TestDatabase;
  fake: FakeTelegram;
  telegram: TelegramService;
  logLines: string[];
  /** the time link codes are stamped with; tests move it */
  clock: { now: Date };
  call(method: string, path: string, body?: unknown, options?: { lang?: string; shops?: number[] }): Promise<{ status: number; text: string; json: any }>;
  /** a user writes in a chat; resolves with the bot's answer there */
  say(chat: FakeChat, text: string): Promise<string>;
  /** POSTs an update to the service's webhook as Telegram would, with this secret header (none when null) */
  postWebhook(update: unknown, secretHeader: string | null): Promise<number>;
  close(): Promise<void>;
}

export async function startRig(dialect: TestDialect, options: { token?: boolean; telegram?: Partial<TelegramOptions> } = {}): Promise<TelegramRig> {
  const t = await dialect.create();
  await createShop(t.db);
  const fake = await startFakeTelegram();
  fake.addBot(FAKE_TOKEN, FAKE_USERNAME);
  if (options.token ?? true) await writeSetting(t.db, 'telegram_bot_token', FAKE_TOKEN, { secret: true });
  const logLines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const clock = { now: new Date('2026-03-02T09:00:00Z') };
  const telegram = startTelegram(t.db, log, { apiRoot: fake.apiRoot, now: () => clock.now, pollTimeoutSeconds: 1, ...options.telegram });
  await telegram.ready();
  const ctx: AppContext = { db: t.db, config: loadConfig({}), log, secret, provider: { name: 'sandbox', configured: async () => true } };
  const server: Server = createApp(ctx, [providerRoutes(ctx, [telegram.settings]), telegramRoutes(ctx, telegram)]).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    t,
    fake,
    telegram,
    logLines,
    clock,
    async call(method, path, body, { lang = 'en', shops = [] } = {}) {
      const token = signAdminToken(secret, { shops, employee: 7, exp: Math.floor(Date.now() / 1000) + 600 });
      const res = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : null };
    },
    async say(chat, text) {
      const before = fake.calls.length;
      fake.userSays(chat, text);
      const reply = await fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.method === 'sendMessage' && c.payload.chat_id === chat.id);
      return String(reply.payload.text);
    },
    async postWebhook(update, secretHeader) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secretHeader !== null) headers['x-telegram-bot-api-secret-token'] = secretHeader;
      const res = await fetch(`${base}/api/telegram/webhook`, { method: 'POST', headers, body: JSON.stringify(update) });
      await res.text();
      return res.status;
    },
    async close() {
      await telegram.stop();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await t.drop();
    },
  };
}
