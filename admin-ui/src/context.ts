import type { ApiClient, Lang } from './api';
import type { Route } from './router';

/** What the service says about the token (GET /api/whoami). */
export interface WhoAmI {
  employee: number;
  shops: number[];
  expires: string;
  /** the token's language claim (the employee's, signed by the module); null without one, absent from services that predate it */
  lang?: Lang | null;
}

/**
 * What a page keeps when the language is switched, since the page is then rebuilt in the other
 * language: `keep` registers how to read what the merchant typed, and the rebuilt page finds
 * it in `saved` (undefined on any other visit).
 */
export interface Carry {
  saved: unknown;
  keep(read: () => unknown): void;
}

/** Everything a page needs; `signal` aborts when the page is left (streams, timers). */
export interface PageContext {
  api: ApiClient;
  me: WhoAmI;
  route: Route;
  main: HTMLElement;
  signal: AbortSignal;
  carry: Carry;
}

export type Page = (ctx: PageContext) => void | Promise<void>;
