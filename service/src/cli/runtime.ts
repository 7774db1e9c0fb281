import { Config, loadConfig } from '../config';
import { connectDatabase, ShopDb } from '../db';
import { createLogger, Logger } from '../logging';

/** What a CLI command or the server needs: the validated configuration, a logger, the database. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: ShopDb;
  close(): Promise<void>;
}

export function openRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  const db = connectDatabase(config.dbUrl, config.dbPrefix);
  return { config, log, db, close: () => db.close() };
}
