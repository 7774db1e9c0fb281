import { ApiError, createApi, type ApiClient } from './api';
import type { Page, WhoAmI } from './context';
import { lang, pickLang, setLang, t, type MessageKey } from './i18n';
import { renderCampaignHistory } from './history/campaigns';
import { renderNotificationHistory } from './history/notifications';
import { renderMarketing } from './marketing/page';
import { renderNotifications } from './notifications/page';
import { renderSettings } from './pages/settings';
import { hrefOf, PAGES, readRoute, type PageName } from './router';
import { alert, button, card, fill, h } from './ui/dom';

/**
 * Start-up and the shell: takes the token out of the URL fragment (kept for this tab only, in
 * sessionStorage, and removed from the address bar and history), checks it with /api/whoami,
 * then shows the page the fragment names and follows hash changes.
 */
const TOKEN_KEY = 'shopcast_token';
const pages: Record<PageName, Page> = {
  marketing: renderMarketing,
  notifications: renderNotifications,
  'campaign-history': renderCampaignHistory,
  'notification-history': renderNotificationHistory,
  settings: renderSettings,
};
const titles: Record<PageName, MessageKey> = {
  marketing: 'nav.marketing',
  notifications: 'nav.notifications',
  'campaign-history': 'nav.campaignHistory',
  'notification-history': 'nav.notificationHistory',
  settings: 'nav.settings',
};

function takeToken(): string {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    history.replaceState(null, '', `${location.pathname}#${params.toString()}`);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function languageSwitch(): HTMLElement {
  const choose = (to: 'fr' | 'en') => () => {
    const params = new URLSearchParams(location.hash.slice(1));
    params.set('lang', to);
    location.hash = params.toString();
  };
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': t('shell.language') },
    button('FR', choose('fr'), 'link', { 'aria-pressed': String(lang() === 'fr'), lang: 'fr', title: 'Français' }),
    button('EN', choose('en'), 'link', { 'aria-pressed': String(lang() === 'en'), lang: 'en', title: 'English' }),
  );
}

function shell(current: PageName | null, me: WhoAmI | null): HTMLElement {
  const main = h('main', { id: 'content', tabindex: '-1' });
  const nav = me
    ? h('nav', { class: 'tabs', 'aria-label': t('shell.menu') }, ...PAGES.map((page) =>
        h('a', { href: hrefOf(page), 'aria-current': page === current ? 'page' : null }, t(titles[page]))))
    : null;
  const who = me ? h('span', { class: 'who' }, t('shell.employee', { id: me.employee })) : null;
  fill(document.body, h('header', { class: 'topbar' }, h('span', { class: 'brand' }, 'Shopcast'), nav, h('div', { class: 'topbar-end' }, who, languageSwitch())), main);
  return main;
}

function showNoAccess(): void {
  const main = shell(null, null);
  fill(main, card(t('shell.noAccessTitle'), alert('warning', t('shell.noAccess'))));
}

let leave: AbortController | null = null;
let blocked = false;
let token = '';
let api: ApiClient;
let me: WhoAmI | null = null;

/** The client asks for answers in the page's language, so a language change makes a new one. */
function connect(): ApiClient {
  return createApi(token, lang(), () => {
    blocked = true;
    leave?.abort();
    showNoAccess();
  });
}

async function show(who: WhoAmI): Promise<void> {
  leave?.abort();
  leave = new AbortController();
  const route = readRoute();
  const main = shell(route.page, who);
  // The shell is rebuilt on every change: keyboard focus goes to the new page, not to the top of the document.
  if (document.activeElement === document.body) main.focus({ preventScroll: true });
  main.appendChild(h('h1', { class: 'page-title' }, t(titles[route.page])));
  document.title = `${t(titles[route.page])} · Shopcast`;
  try {
    await pages[route.page]({ api, me: who, route, main, signal: leave.signal });
  } catch (err) {
    if (leave.signal.aborted) return;
    main.appendChild(alert('danger', err instanceof ApiError ? `${err.title} ${err.message}` : t('error.unexpected')));
  }
}

/** Checks the token, then shows the page; without a usable token, only the way to get one. */
async function start(): Promise<void> {
  setLang(pickLang(new URLSearchParams(location.hash.slice(1)).get('lang')));
  token = takeToken();
  blocked = false;
  me = null;
  if (!token) return showNoAccess();
  api = connect();
  try {
    me = await api.get<WhoAmI>('/whoami');
  } catch {
    if (!blocked) showNoAccess();
    return;
  }
  await show(me);
}

window.addEventListener('hashchange', () => {
  // A new link opened in the same tab brings its own token.
  if (new URLSearchParams(location.hash.slice(1)).has('token')) return void start();
  const asked = pickLang(new URLSearchParams(location.hash.slice(1)).get('lang') ?? lang());
  const changed = asked !== lang();
  if (changed) setLang(asked);
  if (blocked || !me) return showNoAccess();
  if (changed) api = connect();
  void show(me);
});
void start();
