import { EventEmitter } from 'node:events';
import type { DispatchDeps, EventOutcome } from './dispatch';
import { processEvent } from './dispatch';
import { claimEvents, OutboxRow, scheduleRetry } from './outbox';
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
 * wake (low latency). One pass at a time per instance; several instances share the rows through
 * the claims. A row that throws is put back for a retry and never blocks the rows after it.
 */
export function startOutboxConsumer(deps: DispatchDeps, options: { pollMs?: number; batch?: number; concurrency?: number } = {}): OutboxConsumer {
  const pollMs = options.pollMs ?? 1000;
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 16;
  const events = new EventEmitter();
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const pass = async (): Promise<void> => {
    do {
      again = false;
      const rows = await claimEvents(deps.db, deps.worker, batch, deps.now());
      const passDeps = { ...deps, cache: new PassCache(deps.db) };
      // Events are independent (each guarded by its own unique keys): several at a time, so one
      // slow provider call does not hold up the rest (a call waits on the network, not on a
      // database connection, so lanes may outnumber the pool). Measured in bench/notifications.ts.
      let next = 0;
      const lane = async () => {
        while (next < rows.length) {
          const row = rows[next++];
          events.emit('event', row.id_event, await handle(passDeps, row));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
      if (rows.length === batch) again = true;
    } while (again && !stopped);
  };

  const handle = async (passDeps: DispatchDeps, row: OutboxRow): Promise<EventOutcome> => {
    try {
      return await processEvent(passDeps, row);
    } catch (err) {
      deps.log.error({ err, id_event: row.id_event }, 'outbox event failed; will retry');
      await scheduleRetry(deps.db, row.id_event, deps.worker, (err as Error).message.slice(0, 500), 30, deps.now()).catch(() => undefined);
      return 'retry';
    }
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
  trigger();
  return {
    wake: trigger,
    events,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
