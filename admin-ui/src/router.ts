/**
 * Pages are chosen by the URL fragment, `#page=<name>&lang=<fr|en>` plus page parameters (a
 * campaign id...): the module frames `{service}/admin/#page=...&token=...&lang=...`, and the
 * fragment never reaches a server. The token is taken out of it at start (see main.ts).
 */
export const PAGES = ['marketing', 'notifications', 'campaign-history', 'notification-history', 'settings'] as const;
export type PageName = (typeof PAGES)[number];

export interface Route {
  page: PageName;
  params: URLSearchParams;
}

function isPage(value: string | null): value is PageName {
  return (PAGES as readonly string[]).includes(value ?? '');
}

export function readRoute(): Route {
  const params = new URLSearchParams(location.hash.slice(1));
  const page = params.get('page');
  params.delete('page');
  return { page: isPage(page) ? page : 'marketing', params };
}

/** The fragment for a page, keeping the language; `extra` adds page parameters. */
export function hrefOf(page: PageName, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ page });
  const lang = new URLSearchParams(location.hash.slice(1)).get('lang');
  if (lang) params.set('lang', lang);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  return `#${params.toString()}`;
}
