import { createApi, type ApiClient } from './api';
import type { Page, WhoAmI } from './context';
import { lang, pickLang, setLang, t, type MessageKey } from './i18n';
import { renderCampaignHistory } from './history/campaigns';
import { renderNotificationHistory } from './history/notifications';
import { renderMarketing } from './marketing/page';
import { renderNotifications } from './notifications/page';
import { renderSettings } from './pages/settings';
import { hrefOf, PAGES, readRoute, type PageName } from './router';
import { alert, button, card, fill, h } from './ui/dom';
import { showIssues } from './ui/issues';

/**
 * Start-up and the shell: takes the token out of the URL fragment (kept for this tab only, in
 * sessionStorage, and removed from the address bar and history), checks it with /api/whoami,
 * then shows the page the fragment names and follows hash changes. The language is the URL's
 * `lang` (the FR / EN switch, or a link that names one), else the token's, else the browser's.
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
/** How the page shown reads what was typed, and its route without the language. */
let keepRead: (() => unknown) | null = null;
let shownRoute = '';

function routeKey(): string {
  const params = new URLSearchParams(location.hash.slice(1));
  params.delete('lang');
  params.sort();
  return params.toString();
}

/** The client asks for answers in the page's language, so a language change makes a new one. */
function connect(): ApiClient {
  return createApi(token, lang(), () => {
    blocked = true;
    leave?.abort();
    showNoAccess();
  });
}

async function show(who: WhoAmI, saved?: unknown): Promise<void> {
  leave?.abort();
  leave = new AbortController();
  const { signal } = leave;
  keepRead = null;
  shownRoute = routeKey();
  const route = readRoute();
  const main = shell(route.page, who);
  // The shell is rebuilt on every change: keyboard focus goes to the new page, not to the top of the document.
  if (document.activeElement === document.body) main.focus({ preventScroll: true });
  main.appendChild(h('h1', { class: 'page-title' }, t(titles[route.page])));
  document.title = `${t(titles[route.page])} · Shopcast`;
  const carry = { saved, keep: (read: () => unknown) => void (keepRead = read) };
  try {
    await pages[route.page]({ api, me: who, route, main, signal, carry });
  } catch (err) {
    if (signal.aborted) return;
    // The service answers in the page's language (Accept-Language), issues included.
    showIssues(err, {}, main.appendChild(h('div')));
  }
}

/** Checks the token, then shows the page; without a usable token, only the way to get one. */
async function start(): Promise<void> {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('lang');
  setLang(pickLang(fromUrl));
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
  const wanted = pickLang(fromUrl, me.lang);
  if (wanted !== lang()) {
    setLang(wanted);
    api = connect();
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
  // Only a language switch keeps what was typed: the same page, rebuilt in the other language.
  void show(me, changed && routeKey() === shownRoute ? keepRead?.() : undefined);
});
void start();
