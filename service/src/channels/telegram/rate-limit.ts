/**
 * Telegram's sending limits, kept on our side so we rarely meet a 429: about one message per
 * second to a chat, about 30 per second for the whole bot. Pure bookkeeping over an injected
 * clock, so tests run it without waiting.
 */
export interface Clock {
  /** milliseconds, like Date.now() */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LimiterOptions {
  /** the least time between two messages to one chat */
  perChatIntervalMs: number;
  /** messages per second for the whole bot */
  perSecondOverall: number;
}

export const TELEGRAM_LIMITS: LimiterOptions = { perChatIntervalMs: 1000, perSecondOverall: 30 };

/**
 * Hands out send times. Each send takes a slot: no earlier than the chat's next free time, and
 * at least 1000 / perSecondOverall ms (rounded up) away from every other slot, so no second
 * ever holds more than perSecondOverall sends. Slots are reserved synchronously before anyone
 * waits, so concurrent senders (the consumer runs several events at once) never share a slot,
 * and a chat held back by a 429 does not hold back the others.
 */
export class SendLimiter {
  private readonly chatNext = new Map<string, number>();
  /** reserved global send times, ascending; those long past are dropped */
  private slots: number[] = [];
  private readonly gapMs: number;

  constructor(
    private readonly options: LimiterOptions = TELEGRAM_LIMITS,
    private readonly clock: Clock = systemClock,
  ) {
    this.gapMs = Math.ceil(1000 / options.perSecondOverall);
  }

  /** Reserves the earliest time `chat` may be sent to, and returns it (no waiting). */
  reserve(chat: string): number {
    const now = this.clock.now();
    this.slots = this.slots.filter((s) => s + this.gapMs > now);
    let at = Math.max(now, this.chatNext.get(chat) ?? now);
    let index = 0;
    for (; index < this.slots.length; index++) {
      const slot = this.slots[index];
      if (slot + this.gapMs <= at) continue;
      if (at + this.gapMs <= slot) break;
      at = slot + this.gapMs;
    }
    this.slots.splice(index, 0, at);
    this.chatNext.set(chat, at + this.options.perChatIntervalMs);
    return at;
  }

  /** Waits until `chat` may be sent to; the slot is taken even if the caller then fails. */
  async acquire(chat: string): Promise<void> {
    const wait = this.reserve(chat) - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Telegram answered 429 with retry_after: nothing more goes to this chat for `ms`. */
  holdChat(chat: string, ms: number): void {
    const until = this.clock.now() + ms;
    this.chatNext.set(chat, Math.max(this.chatNext.get(chat) ?? 0, until));
  }
}
