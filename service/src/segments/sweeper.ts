import type { ShopDb } from '../db';
import type { Logger } from '../logging';
import { refreshAddressPhones } from './address-cache';
import { readShopZone } from './shop-facts';

/**
 * The address-phone sweep in the background. A sweep (changed and hard-deleted addresses) scans
 * the address table: 0.6-1 s on a shop of 1.4M addresses. Run inline, the first count after a
 * minute's pause paid for it while the merchant waited on the live count. The service runs it on
 * this timer instead, and its counts and previews ask for an inline sweep only when the last one
 * is older than STALE_AFTER_SECONDS (the sweeper is stalled or the service just started). New
 * addresses are still picked up by every count: that is one primary-key range read.
 *
 * Several instances share the work: refreshAddressPhones skips a sweep another one just did.
 */
export const SWEEP_EVERY_SECONDS = 60;
export const STALE_AFTER_SECONDS = 5 * 60;

export interface AddressSweeper {
  stop(): Promise<void>;
}

export function startAddressSweeper(db: ShopDb, log: Logger, everySeconds = SWEEP_EVERY_SECONDS): AddressSweeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const sweep = async () => {
    try {
      // The sweep checkpoint is a wall-clock time; the lowest shop's zone is the one counts use
      // by default, and the checkpoint keeps a day's margin for shops in other zones.
      const zone = await readShopZone(db, [1]);
      const report = await refreshAddressPhones(db, { zone, sweepEverySeconds: everySeconds });
      if (report.swept && (report.changed || report.removed)) log.info({ ...report }, 'address-phone cache swept');
    } catch (err) {
      log.warn({ err }, 'address-phone sweep failed; counts will sweep inline');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().finally(schedule);
    }, everySeconds * 1000);
    timer.unref();
  };
  // The first sweep at once: a fresh start then serves its first count without one.
  running = sweep().finally(schedule);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
