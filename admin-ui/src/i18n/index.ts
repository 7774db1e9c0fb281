import type { Lang } from '../api';
import { en, type MessageKey } from './en';
import { fr } from './fr';

/**
 * Every word of the pages in French and English. The language is the URL's `lang` when it names
 * one (the FR / EN switch writes it), else the token's `lang` claim (the employee's language,
 * given by /api/whoami), else the browser's. Dates, numbers and money go through Intl in the
 * page's locale.
 */
export type { MessageKey };
export type Params = Record<string, string | number>;

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, fr };
const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

let current: Lang = 'en';

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
}

export function lang(): Lang {
  return current;
}

export function pickLang(fromUrl: string | null, fromToken?: string | null): Lang {
  const asked = fromUrl || fromToken || navigator.language || 'en';
  return asked.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The sentence for `key` in the page's language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Params = {}): string {
  return catalogues[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A text the API gives in both languages. */
export function tl(text: { fr: string; en: string } | null | undefined): string {
  return text ? text[current] : '';
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locales[current]).format(n);
}

/** Money as the API gives it (a decimal string such as "1.2500") in the shop currency. */
export function formatMoney(amount: string | number | null, currency = 'EUR', maxDigits = 4): string {
  if (amount === null || amount === '') return '–';
  return new Intl.NumberFormat(locales[current], { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: maxDigits }).format(Number(amount));
}

/** Our tables store UTC as 'YYYY-MM-DD hh:mm:ss'. */
function parseUtc(value: string): Date {
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

/** In the browser's zone, or in `timeZone` (the shop's, for a campaign's schedule). */
export function formatDateTime(value: string | Date | null, timeZone?: string): string {
  if (value === null) return '–';
  const date = typeof value === 'string' ? parseUtc(value) : value;
  return new Intl.DateTimeFormat(locales[current], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
