import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { Bot, webhookCallback } from 'grammy';
import type { ShopDb } from '../../db';
import { ShopcastError } from '../../errors';
import type { Logger } from '../../logging';
import type { StaffChatChannel } from '../../notifications';
import type { SettingsSection } from '../../providers';
import { readSetting, writeSetting } from '../../settings';
import { classifyApiError } from './api-errors';
import { createBot } from './bot';
import { createTelegramDelivery } from './delivery';
import { createLinkCode } from './linking';
import { Clock, LimiterOptions, SendLimiter, systemClock, TELEGRAM_LIMITS } from './rate-limit';
import { TELEGRAM_SETTING, TelegramMode, telegramSettingsSection } from './settings';

export interface TelegramOptions {
  /** the Bot API server; tests point it at the fake (default https://api.telegram.org) */
  apiRoot?: string;
  /** the time link codes and unlinks are stamped with */
  now?: () => Date;
  /** the limiter's clock: tests pass one that does not really wait */
  clock?: Clock;
  limits?: LimiterOptions;
  /** how long one getUpdates may wait for news, in seconds */
  pollTimeoutSeconds?: number;
  /** a 429 asking to wait longer goes back to the dispatcher's retry with backoff */
  maxRetryAfterSeconds?: number;
}

export interface TelegramStatus {
  state: 'off' | 'starting' | 'running' | 'failed';
  mode: TelegramMode;
  /** the bot's @username once Telegram confirmed the token */
  username: string | null;
  error: string | null;
}

export interface TelegramService {
  /** what the notifications dispatcher sends through */
  channel: StaffChatChannel;
  /** the bot's part of the settings page */
  settings: SettingsSection;
  status(): TelegramStatus;
  /** a one-time code and its t.me deep link; conflict while no bot runs */
  issueLinkCode(idShop: number, employee: number | null): Promise<{ code: string; link: string; expires_at: string }>;
  /** POST /api/telegram/webhook: Telegram's calls, checked against the secret header */
  handleWebhook(req: Request, res: Response): Promise<void>;
  /** (re)starts the bot from the stored settings; resolves once it runs, failed or was superseded */
  reload(): Promise<void>;
  /** resolves once the (re)starts asked so far are over */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export const WEBHOOK_PATH = '/api/telegram/webhook';

/**
 * The bot's life: read the settings, confirm the token (getMe), then either long-poll
 * getUpdates (no public address needed) or register the webhook with a secret that Telegram
 * echoes in X-Telegram-Bot-Api-Secret-Token. A settings save restarts it; restarts run one at a
 * time. Failures are kept in the status (and logged without the token), never thrown at callers.
 */
export function startTelegram(db: ShopDb, log: Logger, options: TelegramOptions = {}): TelegramService {
  const runtime = new TelegramRuntime(db, log, options);
  void runtime.reload();
  return runtime;
}

class TelegramRuntime implements TelegramService {
  readonly channel: StaffChatChannel;
  readonly settings: SettingsSection;
  private current: TelegramStatus = { state: 'off', mode: 'polling', username: null, error: null };
  private bot: Bot | null = null;
  private polling: Promise<void> | null = null;
  private hook: ((req: Request, res: Response) => Promise<unknown>) | null = null;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => Date;

  constructor(
    private readonly db: ShopDb,
    private readonly log: Logger,
    private readonly options: TelegramOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.channel = createTelegramDelivery({
      db,
      log,
      now: this.now,
      api: () => (this.current.state === 'running' ? (this.bot?.api ?? null) : null),
      limiter: new SendLimiter(options.limits ?? TELEGRAM_LIMITS, options.clock ?? systemClock),
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
      maxAttempts: 3,
    });
    this.settings = telegramSettingsSection(db, () => this.reload(), options.apiRoot);
  }

  status(): TelegramStatus {
    return { ...this.current };
  }

  reload(): Promise<void> {
    // A start still waiting on Telegram (grammY retries its setup until Telegram answers) is
    // given up for the new settings rather than queued behind.
    if (this.current.state === 'starting') void this.halt();
    // A failed restart (the database unreachable) ends in the status, never as an unhandled rejection.
    this.queue = this.queue.then(() => this.restart()).catch((err) => this.fail(err));
    return this.queue;
  }

  ready(): Promise<void> {
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.halt();
    await this.queue;
    await this.halt();
    this.current = { ...this.current, state: 'off' };
  }

  async issueLinkCode(idShop: number, employee: number | null): Promise<{ code: string; link: string; expires_at: string }> {
    const { state, username } = this.current;
    if (state !== 'running' || !username) {
      throw new ShopcastError('conflict', 'the Telegram bot is not running: save a valid bot token first', { state });
    }
    const issued = await createLinkCode(this.db, { idShop, employee, now: this.now() });
    return { ...issued, link: `https://t.me/${username}?start=${issued.code}` };
  }

  async handleWebhook(req: Request, res: Response): Promise<void> {
    if (!this.hook) throw new ShopcastError('not_found', 'the Telegram webhook is not enabled');
    await this.hook(req, res);
  }

  private async restart(): Promise<void> {
    await this.halt();
    const token = await readSetting(this.db, TELEGRAM_SETTING.token);
    const mode: TelegramMode = (await readSetting(this.db, TELEGRAM_SETTING.mode)) === 'webhook' ? 'webhook' : 'polling';
    this.current = { state: token && !this.stopped ? 'starting' : 'off', mode, username: null, error: null };
    if (!token || this.stopped) return;
    const next = createBot(token, { db: this.db, log: this.log, now: this.now }, this.options.apiRoot);
    this.bot = next;
    try {
      await next.init();
      if (this.bot !== next) return;
      this.current.username = next.botInfo.username;
      await (mode === 'webhook' ? this.startWebhook(next) : this.startPolling(next));
      this.current.state = 'running';
      this.log.info({ mode, username: this.current.username }, 'telegram bot running');
    } catch (err) {
      // A start given up for newer settings or for shutdown (halt() cleared this.bot) is no failure.
      if (this.bot === next) this.fail(err);
    }
  }

  /** Resolves once polling runs (the webhook is deleted first); a later failure only marks the status. */
  private startPolling(bot: Bot): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let started = false;
      const onStart = () => {
        started = true;
        resolve();
      };
      this.polling = bot.start({ timeout: this.options.pollTimeoutSeconds ?? 30, allowed_updates: ['message'], onStart }).catch((err) => {
        if (!started) reject(err);
        else if (this.bot === bot) this.fail(err);
      });
    });
  }

  private async startWebhook(bot: Bot): Promise<void> {
    const base = await readSetting(this.db, TELEGRAM_SETTING.publicUrl);
    if (!base) throw new ShopcastError('invalid_config', 'webhook mode needs telegram_public_url');
    const secret = await webhookSecret(this.db);
    await bot.api.setWebhook(`${base}${WEBHOOK_PATH}`, { secret_token: secret, allowed_updates: ['message'] });
    this.hook = webhookCallback(bot, 'express', { secretToken: secret });
  }

  private async halt(): Promise<void> {
    const running = this.bot;
    this.bot = null;
    this.hook = null;
    if (running?.isRunning()) await running.stop().catch(() => undefined);
    await this.polling;
    this.polling = null;
  }

  private fail(err: unknown): void {
    const reason = err instanceof ShopcastError ? err.message : classifyApiError(err).description;
    this.current = { ...this.current, state: 'failed', error: reason };
    this.log.error({ mode: this.current.mode, reason }, 'telegram bot failed');
  }
}

/** One secret per service (all instances share it through the settings table), made on first use. */
async function webhookSecret(db: ShopDb): Promise<string> {
  const stored = await readSetting(db, TELEGRAM_SETTING.webhookSecret);
  if (stored) return stored;
  const secret = crypto.randomBytes(32).toString('base64url');
  await writeSetting(db, TELEGRAM_SETTING.webhookSecret, secret, { secret: true });
  return secret;
}
