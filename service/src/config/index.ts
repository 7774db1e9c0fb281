export { loadConfig, envDocs, parseKey } from './env';
export type { Config } from './env';
