import { EventEmitter } from 'node:events';
import type { DispatchDeps, EventOutcome } from './dispatch';
import { processEvent, processEvents, retryOrAbandon } from './dispatch';
import { CLAIM_SECONDS, claimEvents, OutboxRow, renewClaims } from './outbox';
import { PassCache } from './pass-cache';

export interface OutboxConsumer {
  /** process due rows now instead of at the next poll (the module's wake call) */
  wake(): void;
  /** resolves once the current pass is over; no new pass starts */
  stop(): Promise<void>;
  /** emits 'event' (id_event, outcome) after each row: tests and benches wait on it */
  events: EventEmitter;
}

/**
 * Polls the outbox every `pollMs` (correct without any wake call) and runs a pass at once on
 * wake (low latency). One pass at a time per instance: a wake during a pass only asks for one
 * more pass after it, so a burst of wakes costs one pass, not one each. A pass claims a batch
 * and processes it as a whole (a statement per table for the batch, see processEvents); should
 * the batch throw, its rows are processed one by one, so a row that throws is retried with
 * backoff a bounded number of times and never blocks the rows beside it. Several instances
 * share the rows through the claims, which the pass renews every third of their length while
 * it works, so a long wait (Telegram's retry_after, a slow provider) never hands an event to
 * another instance mid-send.
 */
export function startOutboxConsumer(deps: DispatchDeps, options: { pollMs?: number; batch?: number; claimSeconds?: number } = {}): OutboxConsumer {
  const pollMs = options.pollMs ?? 1000;
  const claimSeconds = options.claimSeconds ?? CLAIM_SECONDS;
  const batch = options.batch ?? 100;
  const events = new EventEmitter();
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const pass = async (): Promise<void> => {
    do {
      again = false;
      const rows = await claimEvents(deps.db, deps.worker, batch, deps.now(), claimSeconds);
      if (rows.length === 0) continue;
      const passDeps = { ...deps, cache: new PassCache(deps.db) };
      const outcomes = await processEvents(passDeps, rows).catch(async (err) => {
        deps.log.warn({ err, events: rows.length }, 'outbox batch failed; processing its events one by one');
        const alone: EventOutcome[] = [];
        for (const row of rows) alone.push(await handleAlone(passDeps, row));
        return alone;
      });
      rows.forEach((row, i) => events.emit('event', row.id_event, outcomes[i]));
      if (rows.length === batch) again = true;
    } while (again && !stopped);
  };

  const handleAlone = async (passDeps: DispatchDeps, row: OutboxRow): Promise<EventOutcome> => {
    try {
      return await processEvent(passDeps, row);
    } catch (err) {
      // The database itself may be what failed: then the claim runs out and a later pass retries.
      return retryOrAbandon(deps, row, err).catch(() => 'retry' as const);
    }
  };

  const renew = () => {
    if (!running) return;
    renewClaims(deps.db, deps.worker, claimSeconds, deps.now()).catch((err) => deps.log.warn({ err }, 'outbox claim renewal failed'));
  };

  const trigger = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((err) => deps.log.error({ err }, 'outbox pass failed'))
      .finally(() => {
        running = null;
        events.emit('idle');
      });
  };

  const timer = setInterval(trigger, pollMs);
  const heartbeat = setInterval(renew, (claimSeconds * 1000) / 3);
  trigger();
  return {
    wake: trigger,
    events,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
      clearInterval(heartbeat);
    },
  };
}
