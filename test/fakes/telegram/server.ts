import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeChat, textUpdate, TelegramUpdate } from './updates';

/**
 * A fake Telegram Bot API on 127.0.0.1, answering like https://api.telegram.org for the methods
 * Shopcast uses: POST /bot<token>/<method> with a JSON body, answered
 * {ok: true, result} or {ok: false, error_code, description, parameters?} with that HTTP status.
 * getUpdates long-polls (it waits `timeout` seconds for an update, as the real one does) and
 * refuses while a webhook is set. Switches make it answer 401 (unknown token), 403 (a chat that
 * blocked the bot) and 429 with retry_after.
 */
export interface FakeCall {
  token: string;
  method: string;
  payload: Record<string, unknown>;
  /** the HTTP status it was answered with (0 while a long poll waits) */
  status: number;
}

export interface SentMessage {
  chat_id: number;
  text: string;
  message_id: number;
}

export interface FakeTelegram {
  /** give this to grammY as client.apiRoot */
  apiRoot: string;
  /** every call, in arrival order */
  calls: FakeCall[];
  /** messages sendMessage accepted */
  sent: SentMessage[];
  webhook: { url: string; secret_token: string | null } | null;
  /** a bot token the fake knows, with its @username; any other token is answered 401 */
  addBot(token: string, username: string): void;
  /** this chat blocked the bot: sendMessage to it answers 403 */
  blockChat(chatId: number): void;
  /** the next `times` sendMessage calls (to `chatId` only, when given) answer 429 with retry_after */
  floodNext(options: { times: number; retryAfter: number; chatId?: number }): void;
  /** this chat was deleted (or never existed): sendMessage to it answers 400 chat not found */
  loseChat(chatId: number): void;
  /** this group became the supergroup `newChatId`: sendMessage to the old id answers 400 with migrate_to_chat_id */
  migrateChat(chatId: number, newChatId: number): void;
  /** sendMessage answers only after `ms` (a slow Bot API), until reset() */
  slowSends(ms: number): void;
  /** every call to `method` answers this 5xx until reset() (Telegram having a bad day) */
  breakMethod(method: string, status: 500 | 502): void;
  /** a user writes `text` in `chat`: the update waits for getUpdates (or is returned for a webhook post) */
  userSays(chat: FakeChat, text: string): TelegramUpdate;
  /** resolves with the first call (past or coming) that matches */
  waitFor(match: (call: FakeCall) => boolean, timeoutMs?: number): Promise<FakeCall>;
  /** texts the bot sent to this chat, in order */
  repliesTo(chatId: number): string[];
  /** forget calls, messages, updates, switches and the webhook; known bots stay */
  reset(): void;
  close(): Promise<void>;
}

interface State {
  bots: Map<string, { id: number; username: string }>;
  blocked: Set<number>;
  lost: Set<number>;
  migrated: Map<number, number>;
  sendDelayMs: number;
  floods: Array<{ times: number; retryAfter: number; chatId?: number }>;
  broken: Map<string, number>;
  updates: TelegramUpdate[];
  nextUpdateId: number;
  nextMessageId: number;
}

type Answer = { status: number; body: Record<string, unknown> };
const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const fail = (status: number, description: string, parameters?: Record<string, unknown>): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

type Recorded = Pick<FakeTelegram, 'calls' | 'sent' | 'webhook'>;

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const state: State = { bots: new Map(), blocked: new Set(), lost: new Set(), migrated: new Map(), sendDelayMs: 0, floods: [], broken: new Map(), updates: [], nextUpdateId: 1000, nextMessageId: 1 };
  const fake: Recorded = { calls: [], sent: [], webhook: null };
  const emitter = new EventEmitter();
  const wakers = new Set<() => void>();
  const server = http.createServer(listener(state, fake, emitter, wakers));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    apiRoot: `http://127.0.0.1:${port}`,
    addBot: (token: string, username: string) => void state.bots.set(token, { id: Number(token.split(':')[0]), username }),
    blockChat: (chatId: number) => void state.blocked.add(chatId),
    loseChat: (chatId: number) => void state.lost.add(chatId),
    migrateChat: (chatId: number, newChatId: number) => void state.migrated.set(chatId, newChatId),
    slowSends: (ms: number) => void (state.sendDelayMs = ms),
    floodNext: (options: { times: number; retryAfter: number; chatId?: number }) => void state.floods.push({ ...options }),
    breakMethod: (method: string, status: 500 | 502) => void state.broken.set(method, status),
    userSays(chat: FakeChat, text: string) {
      const update = textUpdate(state.nextUpdateId++, chat, text);
      state.updates.push(update);
      for (const wake of [...wakers]) wake();
      return update;
    },
    waitFor: (match: (call: FakeCall) => boolean, timeoutMs = 5000) => waitForCall(fake.calls, emitter, match, timeoutMs),
    repliesTo: (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId).map((m) => m.text),
    reset() {
      fake.calls.length = 0;
      fake.sent.length = 0;
      fake.webhook = null;
      state.blocked.clear();
      state.lost.clear();
      state.migrated.clear();
      state.sendDelayMs = 0;
      state.floods.length = 0;
      state.broken.clear();
      state.updates.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        wakers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** Reads the whole request, records it, then answers it (getUpdates may answer later). */
function listener(state: State, fake: Recorded, emitter: EventEmitter, wakers: Set<() => void>): http.RequestListener {
  return (req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const route = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      const call: FakeCall = { token: route?.[1] ?? '', method: route?.[2] ?? '', payload: (raw ? JSON.parse(raw) : null) ?? {}, status: 0 };
      fake.calls.push(call);
      const respond = (answer: Answer) => {
        if (res.writableEnded || res.destroyed) return;
        call.status = answer.status;
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      };
      emitter.emit('call', call);
      if (!route) return respond(fail(404, 'Not Found'));
      if (!state.bots.has(call.token)) return respond(fail(401, 'Unauthorized'));
      const broken = state.broken.get(call.method);
      if (broken) return respond(fail(broken, broken === 502 ? 'Bad Gateway' : 'Internal Server Error'));
      if (call.method === 'getUpdates') return getUpdates(state, fake, wakers, call.payload, res, respond);
      // The answer (and what it records as sent) is decided once the delay is over, as a slow server would.
      if (call.method === 'sendMessage' && state.sendDelayMs > 0) return void setTimeout(() => respond(answerMethod(state, fake, call)), state.sendDelayMs);
      respond(answerMethod(state, fake, call));
    });
  };
}

function answerMethod(state: State, fake: Pick<FakeTelegram, 'sent' | 'webhook'>, call: FakeCall): Answer {
  const p = call.payload;
  const bot = state.bots.get(call.token)!;
  switch (call.method) {
    case 'getMe':
      return ok({ id: bot.id, is_bot: true, first_name: 'Shopcast test bot', username: bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
    case 'sendMessage':
      return sendMessage(state, fake, p);
    case 'setWebhook':
      if (typeof p.url !== 'string' || !p.url.startsWith('https://')) return fail(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) return fail(400, 'Bad Request: secret token contains unallowed characters');
      fake.webhook = { url: p.url, secret_token: (p.secret_token as string | undefined) ?? null };
      return ok(true);
    case 'deleteWebhook':
      fake.webhook = null;
      if (p.drop_pending_updates) state.updates.length = 0;
      return ok(true);
    case 'getWebhookInfo':
      return ok({ url: fake.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: state.updates.length });
    default:
      return fail(404, 'Not Found: method not found');
  }
}

function sendMessage(state: State, fake: Pick<FakeTelegram, 'sent'>, p: Record<string, unknown>): Answer {
  const chatId = Number(p.chat_id);
  const text = typeof p.text === 'string' ? p.text : '';
  if (!Number.isFinite(chatId)) return fail(400, 'Bad Request: chat not found');
  if (text.trim() === '') return fail(400, 'Bad Request: message text is empty');
  if (text.length > 4096) return fail(400, 'Bad Request: message is too long');
  const flood = state.floods.find((f) => f.times > 0 && (f.chatId === undefined || f.chatId === chatId));
  if (flood) {
    flood.times--;
    return fail(429, `Too Many Requests: retry after ${flood.retryAfter}`, { retry_after: flood.retryAfter });
  }
  if (state.blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
  if (state.lost.has(chatId)) return fail(400, 'Bad Request: chat not found');
  const movedTo = state.migrated.get(chatId);
  if (movedTo !== undefined) return fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: movedTo });
  const message = { message_id: state.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: chatId < 0 ? 'group' : 'private' }, text };
  fake.sent.push({ chat_id: chatId, text, message_id: message.message_id });
  return ok(message);
}

/** Confirms updates below `offset`, then answers what is queued, or waits up to `timeout` seconds for some. */
function getUpdates(
  state: State,
  fake: Pick<FakeTelegram, 'webhook'>,
  wakers: Set<() => void>,
  p: Record<string, unknown>,
  res: http.ServerResponse,
  respond: (answer: Answer) => void,
): void {
  if (fake.webhook) return respond(fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
  const offset = Number(p.offset ?? 0);
  if (offset > 0) state.updates = state.updates.filter((u) => u.update_id >= offset);
  const ready = () => state.updates.slice(0, Number(p.limit ?? 100));
  const timeout = Number(p.timeout ?? 0);
  if (ready().length > 0 || timeout <= 0) return respond(ok(ready()));
  const finish = () => {
    clearTimeout(timer);
    wakers.delete(wake);
    respond(ok(ready()));
  };
  const wake = () => {
    if (ready().length > 0) finish();
  };
  const timer = setTimeout(finish, timeout * 1000);
  wakers.add(wake);
  // The client gave up (grammY aborts a long poll when the bot stops): forget the waiter.
  res.on('close', () => {
    clearTimeout(timer);
    wakers.delete(wake);
  });
}

function waitForCall(calls: FakeCall[], emitter: EventEmitter, match: (call: FakeCall) => boolean, timeoutMs: number): Promise<FakeCall> {
  const seen = calls.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const onCall = (call: FakeCall) => {
      if (!match(call)) return;
      clearTimeout(timer);
      emitter.off('call', onCall);
      resolve(call);
    };
    const timer = setTimeout(() => {
      emitter.off('call', onCall);
      reject(new Error(`no matching Bot API call within ${timeoutMs} ms; got ${calls.map((c) => c.method).join(', ') || 'none'}`));
    }, timeoutMs);
    emitter.on('call', onCall);
  });
}
