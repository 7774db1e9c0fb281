import type { ApiClient } from './api';
import type { Route } from './router';

/** What the service says about the token (GET /api/whoami). */
export interface WhoAmI {
  employee: number;
  shops: number[];
  expires: string;
}

/** Everything a page needs; `signal` aborts when the page is left (streams, timers). */
export interface PageContext {
  api: ApiClient;
  me: WhoAmI;
  route: Route;
  main: HTMLElement;
  signal: AbortSignal;
}

export type Page = (ctx: PageContext) => void | Promise<void>;
