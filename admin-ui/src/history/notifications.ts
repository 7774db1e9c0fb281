import type { PageContext } from '../context';
import { formatDateTime, formatNumber, t, type MessageKey } from '../i18n';
import { eventName, type CatalogueEvent } from '../notifications/form';
import { card, fill, h, input, select, type Child } from '../ui/dom';
import { showIssues } from '../ui/issues';
import { dataTable, exportButtons, filterBar, pager, statusBadge } from '../ui/table';

/**
 * Notification history (seed section 8): ID, creation date, channel, recipient (the mobile, or the
 * Telegram chat by its name), message, sender, return code and detail (status, the provider's
 * words, the event), newest first: the last 500 matching the seed's filters by default, or all of
 * them, with paging and CSV/JSON export of the same rows.
 */
interface NotificationRow {
  id_notification: number;
  created_at: string;
  channel: 'sms' | 'telegram';
  recipient: string;
  /** the linked chat's name, for Telegram rows */
  chat_title: string | null;
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

/** The mobile, or the Telegram chat by its name (its id when it has none); '' is "nobody" (a skipped row). */
function recipientCell(r: NotificationRow): Child {
  if (r.channel !== 'telegram') return r.recipient || h('span', { class: 'muted' }, t('history.noPhone'));
  const id = r.recipient.replace(/^tg:/, '');
  if (id === '') return h('span', { class: 'muted' }, t('history.noChat'));
  return r.chat_title ? [r.chat_title, h('div', { class: 'muted small' }, t('history.chatId', { id }))] : t('history.chatId', { id });
}

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
    ['detail', t('history.detail'), input({ class: 'form-control', maxlength: '200' })],
    ['status', t('history.status'), select([['', t('table.any')], ...STATUSES.map((s): [string, string] => [s, t(`status.${s}` as MessageKey)])], '')],
    ['channel', t('history.channel'), select([['', t('table.any')], ['sms', t('history.channelSms')], ['telegram', t('history.channelTelegram')]], '')],
    ['latest', t('history.scope'), select([['500', t('history.scopeLatest')], ['0', t('history.scopeAll')]], '500')],
  ], () => void load(1));
  const results = h('div', { class: 'results' });
  const general = h('div');

  const columns = [
    { label: t('history.id'), cell: (r: NotificationRow) => String(r.id_notification) },
    { label: t('history.created'), cell: (r: NotificationRow) => formatDateTime(r.created_at) },
    { label: t('history.channel'), cell: (r: NotificationRow) => t(r.channel === 'telegram' ? 'history.channelTelegram' : 'history.channelSms') },
    { label: t('history.recipient'), cell: recipientCell },
    { label: t('history.message'), cell: (r: NotificationRow) => r.message, className: 'message-cell' },
    { label: t('history.sender'), cell: (r: NotificationRow) => r.sender ?? '' },
    { label: t('history.code'), cell: (r: NotificationRow) => r.provider_code ?? '' },
    {
      label: t('history.detail'),
      cell: (r: NotificationRow) => [
        statusBadge(r.status),
        r.provider_message ? h('div', { class: 'small' }, r.provider_message) : null,
        // A Telegram message has no SMS parts: only an SMS row says how many it took.
        h('div', { class: 'muted small' }, eventName(byKey.get(r.event), r.event), r.channel === 'sms' ? ` · ${t('history.parts', { n: formatNumber(r.parts) })}` : ''),
      ],
    },
  ];

  async function load(page: number): Promise<void> {
    fill(general);
    try {
      const answer = await ctx.api.get<{ rows: NotificationRow[]; total: number; matched: number; latest: number }>('/notifications/history', { ...filters.values(), page, per_page: PER_PAGE });
      const bounded = answer.latest > 0 && answer.matched > answer.total;
      fill(results,
        bounded ? h('p', { class: 'help bounded' }, t('history.bounded', { total: formatNumber(answer.total), matched: formatNumber(answer.matched) })) : null,
        dataTable(columns, answer.rows, t('history.noNotification')),
        pager(page, PER_PAGE, answer.total, (p) => void load(p)));
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
