export { loadConfig, envDocs } from './env';
export type { Config } from './env';
