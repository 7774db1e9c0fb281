import os from 'node:os';
import type { Config } from '../config';
import type { ShopDb } from '../db';
import type { Logger } from '../logging';
import { createProvider } from '../providers';
import type { StaffChatChannel } from './channels';
import { startOutboxConsumer, OutboxConsumer } from './consumer';

/**
 * The consumer as the service runs it: the configured provider, this host and process as worker
 * id, and the Telegram staff chats when the service has them.
 */
export function startNotifications(db: ShopDb, config: Config, log: Logger, options: { pollMs?: number; telegram?: StaffChatChannel } = {}): OutboxConsumer {
  return startOutboxConsumer(
    {
      db,
      provider: createProvider(config, db),
      log,
      worker: `${os.hostname()}:${process.pid}`.slice(0, 64),
      now: () => new Date(),
      duplicateWindowSeconds: 120,
      retryForSeconds: 3600,
      telegram: options.telegram,
    },
    { pollMs: options.pollMs },
  );
}
