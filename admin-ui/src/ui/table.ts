import { ApiError, type ApiClient } from '../api';
import { formatNumber, t, type MessageKey } from '../i18n';
import { alert, button, fill, h, uid, type Child, type Control } from './dom';
import { failureDetail } from './issues';

/** Pieces the history pages share: tables, paging, filter bars, export buttons, status badges. */
export interface Column<T> {
  label: string;
  cell(row: T): Child;
  className?: string;
}

export function dataTable<T>(columns: Column<T>[], rows: T[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('thead', null, h('tr', null, ...columns.map((c) => h('th', { scope: 'col', class: c.className ?? null }, c.label)))),
    h('tbody', null, ...rows.map((row) => h('tr', null, ...columns.map((c) => h('td', { class: c.className ?? null }, c.cell(row))))))));
}

export function pager(page: number, perPage: number, total: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return h('nav', { class: 'pager', 'aria-label': t('table.paging') },
    button(t('table.previous'), () => go(page - 1), 'secondary', { disabled: page <= 1 }),
    h('span', { class: 'pager-text' }, t('table.pageOf', { page: formatNumber(page), pages: formatNumber(pages), total: formatNumber(total) })),
    button(t('table.next'), () => go(page + 1), 'secondary', { disabled: page >= pages }));
}

export interface FilterBar {
  element: HTMLElement;
  values(): Record<string, string>;
}

/** Labelled filter controls in a row; Enter in any of them applies the filters. `initial` refills them (a language switch). */
export function filterBar(controls: Array<[string, string, Control]>, apply: () => void, initial: Record<string, string> = {}): FilterBar {
  for (const [key, , control] of controls) if (initial[key] !== undefined) control.value = initial[key];
  const form = h('form', { class: 'filters', role: 'search' },
    ...controls.map(([, label, control]) => {
      control.id ||= uid('filter');
      return h('div', { class: 'filter' }, h('label', { for: control.id }, label), control);
    }),
    h('div', { class: 'filter filter-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('table.filter')),
      button(t('table.reset'), () => {
        controls.forEach(([, , c]) => (c.value = ''));
        apply();
      }, 'link')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  return { element: form, values: () => Object.fromEntries(controls.map(([key, , c]) => [key, c.value.trim()]).filter(([, v]) => v !== '')) };
}

/** CSV and JSON downloads through fetch (the endpoints need the bearer header), errors shown beside them. */
export function exportButtons(api: ApiClient, path: string, query: () => Record<string, string>, name: string): HTMLElement {
  const status = h('span', { class: 'export-status', 'aria-live': 'polite' });
  const download = (format: 'csv' | 'json') => async () => {
    fill(status, t('common.working'));
    try {
      await api.download(path, { ...query(), format }, `${name}.${format}`);
      fill(status, t('table.downloaded'));
    } catch (err) {
      // A refused filter (a bad date...) says why, in the page's language.
      const detail = err instanceof ApiError ? failureDetail(err) : [];
      fill(status, alert('danger', t('table.downloadFailed'), ...detail.map((m) => h('div', null, m))));
    }
  };
  return h('div', { class: 'exports' }, button(t('table.exportCsv'), download('csv')), button(t('table.exportJson'), download('json')), status);
}

const BADGES: Record<string, string> = {
  sent: 'success', partially_sent: 'warning', failed: 'danger', cancelled: 'muted', missed: 'danger', draft: 'muted',
  scheduled: 'info', sending: 'info', paused: 'warning', pending: 'info', unknown: 'warning', skipped: 'muted',
};

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge badge-${BADGES[status] ?? 'muted'}`, 'data-status': status }, t(`status.${status}` as MessageKey));
}
