export { createApp } from './app';
export type { AppContext, RouteSet } from './app';
export { startService } from './server';
export type { RunningService } from './server';
export { checkHealth } from './health';
export { requestLang } from './errors';
