import { lang, t } from '../i18n';
import { button, fieldset, fill, h, input, select, uid } from '../ui/dom';

/**
 * Editors for the two JSON settings, shown as ordinary controls: the price of a part per
 * country (`sms_prices`) and the marketing window (`send_window`). `read` returns the JSON to
 * save, or null after showing what is missing; the service validates it again.
 */
export interface JsonEditor {
  element: HTMLElement;
  read(): string | null;
  load(value: string): void;
  setError(messages: string[] | string | null): void;
}

function parseObject(value: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function pricesEditor(value: string): JsonEditor {
  const rows = h('tbody');
  const defaultPrice = input({ inputmode: 'decimal', 'aria-label': t('prices.defaultPrice'), class: 'form-control narrow' });
  const addRow = (country = '', price = '') => {
    const code = input({ value: country, maxlength: '2', class: 'form-control narrow upper', 'aria-label': t('prices.country'), autocomplete: 'off' });
    const amount = input({ value: price, inputmode: 'decimal', class: 'form-control narrow', 'aria-label': t('prices.price') });
    const row = h('tr', { class: 'price-row' }, h('td', null, code), h('td', null, amount), h('td', null));
    row.lastChild!.appendChild(button('×', () => row.remove(), 'link', { 'aria-label': t('prices.remove'), title: t('prices.remove') }));
    rows.appendChild(row);
    return code;
  };
  const group = fieldset(
    t('prices.legend'),
    h(
      'div',
      null,
      h('table', { class: 'table compact' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('prices.country')), h('th', { scope: 'col' }, t('prices.price')), h('th', null))),
        rows,
        h('tfoot', null, h('tr', null, h('td', null, t('prices.otherCountries')), h('td', null, defaultPrice), h('td', null)))),
      button(t('prices.add'), () => addRow().focus(), 'secondary'),
    ),
  );
  const load = (json: string) => {
    const prices = parseObject(json);
    fill(rows);
    defaultPrice.value = String(prices.default ?? '');
    for (const [country, price] of Object.entries(prices)) if (country !== 'default') addRow(country, String(price));
  };
  load(value);
  return {
    element: group.wrap,
    load,
    setError: group.setError,
    read() {
      const problems: string[] = [];
      const prices: Record<string, string> = {};
      const priceOf = (raw: string) => raw.trim().replace(',', '.');
      for (const row of Array.from(rows.querySelectorAll('tr'))) {
        const [code, amount] = Array.from(row.querySelectorAll('input'));
        const country = code.value.trim().toUpperCase();
        if (!/^[A-Z]{2}$/.test(country)) problems.push(t('prices.badCountry', { value: code.value }));
        else if (!/^\d{1,4}(\.\d{1,4})?$/.test(priceOf(amount.value))) problems.push(t('prices.badPrice', { country }));
        else prices[country] = priceOf(amount.value);
      }
      if (!/^\d{1,4}(\.\d{1,4})?$/.test(priceOf(defaultPrice.value))) problems.push(t('prices.badDefault'));
      else prices.default = priceOf(defaultPrice.value);
      group.setError(problems.length ? problems : null);
      return problems.length ? null : JSON.stringify(prices);
    },
  };
}

/** Monday..Sunday in the page's language (2024-01-01 was a Monday). */
function weekdayNames(): string[] {
  const format = new Intl.DateTimeFormat(lang() === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', timeZone: 'UTC' });
  return [1, 2, 3, 4, 5, 6, 7].map((d) => format.format(new Date(Date.UTC(2024, 0, d))));
}

const COMMON_ZONES = ['Europe/Paris', 'Europe/Brussels', 'Europe/Luxembourg', 'Europe/Zurich', 'Europe/Monaco', 'Indian/Reunion', 'America/Martinique', 'America/Guadeloupe', 'America/Cayenne', 'America/Montreal'];

export function windowEditor(value: string): JsonEditor {
  const days = weekdayNames().map((name, i) => {
    const box = h('input', { type: 'checkbox', id: uid('day'), value: String(i + 1) });
    return { box, label: h('label', { class: 'check' }, box, ' ', name) };
  });
  const start = input({ class: 'form-control narrow', placeholder: 'HH:MM', pattern: '\\d{2}:\\d{2}', id: uid('start') });
  const end = input({ class: 'form-control narrow', placeholder: 'HH:MM', pattern: '\\d{2}:\\d{2}', id: uid('end') });
  const listId = uid('zones');
  const zone = input({ list: listId, class: 'form-control', id: uid('zone'), autocomplete: 'off', size: '24' });
  const holidays = select([['FR', t('window.holidaysFr')], ['none', t('window.holidaysNone')]], 'FR', { id: uid('hol') });
  const group = fieldset(
    t('window.legend'),
    h(
      'div',
      null,
      h('div', { class: 'checks', role: 'group', 'aria-label': t('window.days') }, ...days.map((d) => d.label)),
      h('div', { class: 'inline-fields' },
        h('label', { for: start.id }, t('window.start')), start,
        h('label', { for: end.id }, t('window.end')), end),
      h('p', { class: 'help' }, t('window.timeHelp')),
      h('div', { class: 'inline-fields' },
        h('div', null, h('label', { for: zone.id }, t('window.zone')), zone),
        h('datalist', { id: listId }, ...COMMON_ZONES.map((z) => h('option', { value: z }))),
        h('div', null, h('label', { for: holidays.id }, t('window.holidays')), holidays)),
    ),
  );
  const load = (json: string) => {
    const w = parseObject(json);
    const chosen = Array.isArray(w.days) ? w.days : [];
    days.forEach((d, i) => (d.box.checked = chosen.includes(i + 1)));
    start.value = String(w.start ?? '');
    end.value = String(w.end ?? '');
    zone.value = String(w.zone ?? 'Europe/Paris');
    holidays.value = w.holidays === 'none' ? 'none' : 'FR';
  };
  load(value);
  return {
    element: group.wrap,
    load,
    setError: group.setError,
    read() {
      const picked = days.filter((d) => d.box.checked).map((_, i, all) => Number(all[i].box.value));
      const problems: string[] = [];
      if (picked.length === 0) problems.push(t('window.noDay'));
      if (!/^\d{2}:\d{2}$/.test(start.value.trim()) || !/^\d{2}:\d{2}$/.test(end.value.trim())) problems.push(t('window.badTime'));
      else if (start.value.trim() >= end.value.trim()) problems.push(t('window.order'));
      group.setError(problems.length ? problems : null);
      if (problems.length) return null;
      return JSON.stringify({ days: picked, start: start.value.trim(), end: end.value.trim(), zone: zone.value.trim(), holidays: holidays.value });
    },
  };
}
