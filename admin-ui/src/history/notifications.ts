import type { PageContext } from '../context';
import { formatDateTime, formatNumber, t, type MessageKey } from '../i18n';
import { eventName, type CatalogueEvent } from '../notifications/form';
import { card, fill, h, input, select } from '../ui/dom';
import { showIssues } from '../ui/issues';
import { dataTable, exportButtons, filterBar, pager, statusBadge } from '../ui/table';

/**
 * Notification history (seed section 8): ID, creation date, mobile number, message, sender,
 * return code and detail (status, the provider's words, the event), newest first, with the
 * seed's filters, paging and CSV/JSON export of everything the filters match.
 */
interface NotificationRow {
  id_notification: number;
  created_at: string;
  recipient: string;
  message: string;
  sender: string | null;
  status: string;
  provider_code: string | null;
  provider_message: string | null;
  parts: number;
  event: string;
  id_rule: number;
  sent_at: string | null;
}

const PER_PAGE = 50;
const STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'];

export async function renderNotificationHistory(ctx: PageContext): Promise<void> {
  const { events } = await ctx.api.get<{ events: CatalogueEvent[] }>('/notifications/events');
  const byKey = new Map(events.map((e) => [e.key, e]));
  const filters = filterBar([
    ['id', t('history.id'), input({ type: 'number', min: '1', class: 'form-control narrow' })],
    ['from', t('history.from'), input({ type: 'date', class: 'form-control narrow' })],
    ['to', t('history.to'), input({ type: 'date', class: 'form-control narrow' })],
    ['phone', t('history.phone'), input({ type: 'tel', class: 'form-control narrow' })],
    ['message', t('history.message'), input({ class: 'form-control' })],
    ['sender', t('history.sender'), input({ class: 'form-control narrow', maxlength: '11' })],
    ['code', t('history.code'), input({ class: 'form-control narrow', maxlength: '16' })],
    ['status', t('history.status'), select([['', t('table.any')], ...STATUSES.map((s): [string, string] => [s, t(`status.${s}` as MessageKey)])], '')],
  ], () => void load(1));
  const results = h('div', { class: 'results' });
  const general = h('div');

  const columns = [
    { label: t('history.id'), cell: (r: NotificationRow) => String(r.id_notification) },
    { label: t('history.created'), cell: (r: NotificationRow) => formatDateTime(r.created_at) },
    { label: t('history.phone'), cell: (r: NotificationRow) => r.recipient || h('span', { class: 'muted' }, t('history.noPhone')) },
    { label: t('history.message'), cell: (r: NotificationRow) => r.message, className: 'message-cell' },
    { label: t('history.sender'), cell: (r: NotificationRow) => r.sender ?? '' },
    { label: t('history.code'), cell: (r: NotificationRow) => r.provider_code ?? '' },
    {
      label: t('history.detail'),
      cell: (r: NotificationRow) => [
        statusBadge(r.status),
        r.provider_message ? h('div', { class: 'small' }, r.provider_message) : null,
        h('div', { class: 'muted small' }, eventName(byKey.get(r.event), r.event), ` · ${t('history.parts', { n: formatNumber(r.parts) })}`),
      ],
    },
  ];

  async function load(page: number): Promise<void> {
    fill(general);
    try {
      const answer = await ctx.api.get<{ rows: NotificationRow[]; total: number }>('/notifications/history', { ...filters.values(), page, per_page: PER_PAGE });
      fill(results, dataTable(columns, answer.rows, t('history.noNotification')), pager(page, PER_PAGE, answer.total, (p) => void load(p)));
    } catch (err) {
      showIssues(err, {}, general);
    }
  }

  ctx.main.appendChild(card(t('history.notificationsCard'),
    filters.element,
    h('div', { class: 'toolbar' }, h('p', { class: 'help' }, t('history.notificationsHelp')), exportButtons(ctx.api, '/notifications/history/export', filters.values, 'notifications')),
    general, results));
  await load(1);
}
