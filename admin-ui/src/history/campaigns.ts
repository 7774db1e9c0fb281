import type { PageContext } from '../context';
import { formatDateTime, formatMoney, formatNumber, t } from '../i18n';
import { hrefOf } from '../router';
import { card, fill, h, input, select } from '../ui/dom';
import { showIssues } from '../ui/issues';
import { dataTable, exportButtons, filterBar, pager, statusBadge } from '../ui/table';
import { renderCampaignDetail } from './campaign-detail';

/**
 * Campaign history (seed section 7): the seed's columns (ID, date, name, status, cost, quantity,
 * action) newest first, filters, paging, CSV/JSON export of the filtered list, and a campaign's
 * detail page (`#page=campaign-history&id=N`) with its recipients.
 */
export interface CampaignRow {
  id_campaign: number;
  name: string;
  action: 'send' | 'export';
  status: string;
  message: string;
  sender: string | null;
  recipients: number;
  sent: number;
  failed: number;
  unknown: number;
  parts: number;
  estimated_cost: string | null;
  cost: string | null;
  scheduled_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  directory_id: string | null;
  error: string | null;
  created_at: string;
}

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'partially_sent', 'failed', 'cancelled', 'missed'];
const PER_PAGE = 50;

export async function renderCampaignHistory(ctx: PageContext): Promise<void> {
  const id = Number(ctx.route.params.get('id'));
  if (Number.isInteger(id) && id > 0) return renderCampaignDetail(ctx, id);

  const statusOptions: Array<[string, string]> = [['', t('table.any')], ...CAMPAIGN_STATUSES.map((s): [string, string] => [s, t(`status.${s}` as 'status.sent')])];
  const filters = filterBar([
    ['id', t('history.id'), input({ type: 'number', min: '1', class: 'form-control narrow' })],
    ['from', t('history.from'), input({ type: 'date', class: 'form-control narrow' })],
    ['to', t('history.to'), input({ type: 'date', class: 'form-control narrow' })],
    ['name', t('history.name'), input({ class: 'form-control' })],
    ['status', t('history.status'), select(statusOptions, '')],
    ['action', t('history.action'), select([['', t('table.any')], ['send', t('history.actionSend')], ['export', t('history.actionExport')]], '')],
  ], () => void load(1), ctx.carry.saved as Record<string, string> | undefined);
  ctx.carry.keep(filters.values);
  const results = h('div', { class: 'results' });
  const general = h('div');

  const columns = [
    { label: t('history.id'), cell: (r: CampaignRow) => h('a', { href: hrefOf('campaign-history', { id: r.id_campaign }) }, `#${r.id_campaign}`) },
    { label: t('history.date'), cell: (r: CampaignRow) => formatDateTime(r.created_at) },
    { label: t('history.name'), cell: (r: CampaignRow) => r.name },
    { label: t('history.status'), cell: (r: CampaignRow) => statusBadge(r.status) },
    { label: t('history.cost'), cell: (r: CampaignRow) => formatMoney(r.cost ?? r.estimated_cost), className: 'num' },
    { label: t('history.quantity'), cell: (r: CampaignRow) => t('history.quantityValue', { sent: formatNumber(r.sent), total: formatNumber(r.recipients) }), className: 'num' },
    { label: t('history.action'), cell: (r: CampaignRow) => (r.action === 'export' ? t('history.actionExport') : t('history.actionSend')) },
    { label: t('history.details'), cell: (r: CampaignRow) => h('a', { href: hrefOf('campaign-history', { id: r.id_campaign }), 'aria-label': t('history.openCampaign', { id: r.id_campaign }) }, t('history.open')) },
  ];

  async function load(page: number): Promise<void> {
    fill(general);
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await ctx.api.get<{ rows: CampaignRow[]; total: number }>('/campaigns', { ...filters.values(), page, per_page: PER_PAGE });
      fill(results, dataTable(columns, answer.rows, t('history.noCampaign')), pager(page, PER_PAGE, answer.total, (p) => void load(p)));
    } catch (err) {
      showIssues(err, {}, general);
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  ctx.main.appendChild(card(t('history.campaignsCard'),
    filters.element,
    h('div', { class: 'toolbar' }, h('p', { class: 'help' }, t('history.campaignsHelp')), exportButtons(ctx.api, '/campaigns/export', filters.values, 'campaigns')),
    general, results));
  await load(1);
}
