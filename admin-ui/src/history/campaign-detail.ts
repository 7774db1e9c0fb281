import { availableActions, type CampaignAction, type CampaignStatus } from '../../../service/src/campaigns/state';
import type { PageContext } from '../context';
import { formatDateTime, formatMoney, formatNumber, t, type MessageKey } from '../i18n';
import { progressScreen } from '../marketing/progress';
import { hrefOf } from '../router';
import { button, card, fill, h, select, type Child } from '../ui/dom';
import { showIssues } from '../ui/issues';
import { dataTable, exportButtons, pager, statusBadge } from '../ui/table';
import type { CampaignRow } from './campaigns';
import type { RecipientRow } from '../../../service/src/campaigns/history';

/**
 * One campaign: what was sent, to how many, at what cost, the actions its status allows (from
 * the service's own state machine), and its recipients with their status and provider code,
 * paged and exportable. Customer names are text nodes.
 */

const PER_PAGE = 50;
const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'];
// The page offers what a merchant decides; schedule is done from the marketing page.
const OFFERED: CampaignAction[] = ['start', 'pause', 'resume', 'unschedule', 'cancel'];

export async function renderCampaignDetail(ctx: PageContext, id: number): Promise<void> {
  const { campaign: c } = await ctx.api.get<{ campaign: CampaignRow }>(`/campaigns/${id}`);
  const general = h('div');
  const facts: Array<[MessageKey, Child]> = [
    ['history.name', c.name],
    ['history.status', statusBadge(c.status)],
    ['history.action', c.action === 'export' ? t('history.actionExport') : t('history.actionSend')],
    ['history.date', formatDateTime(c.created_at)],
    ['detail.scheduled', formatDateTime(c.scheduled_at)],
    ['detail.started', formatDateTime(c.started_at)],
    ['detail.finished', formatDateTime(c.finished_at)],
    ['detail.sender', c.sender ?? t('detail.providerSender')],
    ['detail.recipients', formatNumber(c.recipients)],
    ['detail.outcome', t('progress.figures', { sent: formatNumber(c.sent), failed: formatNumber(c.failed), unknown: formatNumber(c.unknown), cost: formatMoney(c.cost) })],
    ['detail.parts', formatNumber(c.parts)],
    ['detail.estimated', formatMoney(c.estimated_cost)],
  ];
  if (c.directory_id) facts.push(['detail.directory', c.directory_id]);
  if (c.error) facts.push(['detail.error', c.error]);

  const act = (action: CampaignAction) => async () => {
    try {
      await ctx.api.send('POST', `/campaigns/${id}/${action === 'start' ? 'send' : action}`);
      if (action === 'start' || action === 'resume') {
        fill(ctx.main, progressScreen(ctx.api, id, c.action, ctx.signal));
        return;
      }
      location.hash = hrefOf('campaign-history', { id, at: Date.now() });
    } catch (err) {
      showIssues(err, {}, general);
    }
  };
  const buttons = availableActions(c.status as CampaignStatus)
    .filter((a) => OFFERED.includes(a))
    .map((a) => button(t(`detail.do.${a}` as MessageKey), act(a), a === 'cancel' ? 'danger' : 'secondary'));
  const watch = c.status === 'sending' ? button(t('detail.watch'), () => fill(ctx.main, progressScreen(ctx.api, id, c.action, ctx.signal)), 'primary') : null;

  ctx.main.append(
    h('p', null, h('a', { href: hrefOf('campaign-history') }, `← ${t('detail.back')}`)),
    card(t('detail.title', { id }),
      h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, t(k)), h('dd', null, v)])),
      c.message ? h('div', null, h('h3', null, t('detail.message')), h('div', { class: 'sms-bubble' }, h('span', { class: 'sms-body' }, c.message))) : null,
      general,
      buttons.length || watch ? h('div', { class: 'actions' }, watch, ...buttons) : null),
    recipientsCard(ctx, id),
  );
}

/** The status filter survives a language switch, like every typed value. */
interface DetailState {
  status: string;
}

function recipientsCard(ctx: PageContext, id: number): HTMLElement {
  const saved = ctx.carry.saved as DetailState | undefined;
  const status = select([['', t('table.any')], ...RECIPIENT_STATUSES.map((s): [string, string] => [s, t(`status.${s}` as MessageKey)])], saved?.status ?? '', { id: 'recipient-status' });
  ctx.carry.keep((): DetailState => ({ status: status.value }));
  const results = h('div');
  const general = h('div');
  const columns = [
    { label: t('detail.customer'), cell: (r: RecipientRow) => `#${r.id_customer}` },
    { label: t('detail.firstname'), cell: (r: RecipientRow) => r.firstname ?? '' },
    { label: t('detail.lastname'), cell: (r: RecipientRow) => r.lastname ?? '' },
    { label: t('detail.phone'), cell: (r: RecipientRow) => r.phone },
    { label: t('detail.country'), cell: (r: RecipientRow) => r.country ?? '' },
    { label: t('history.status'), cell: (r: RecipientRow) => statusBadge(r.status) },
    { label: t('detail.partsShort'), cell: (r: RecipientRow) => (r.parts === null ? '–' : formatNumber(r.parts)), className: 'num' },
    { label: t('history.cost'), cell: (r: RecipientRow) => formatMoney(r.cost), className: 'num' },
    { label: t('history.code'), cell: (r: RecipientRow) => [r.provider_code ?? '', r.provider_message ? h('div', { class: 'muted small' }, r.provider_message) : null] },
    { label: t('detail.sentAt'), cell: (r: RecipientRow) => formatDateTime(r.sent_at) },
  ];
  const load = async (page: number) => {
    try {
      const answer = await ctx.api.get<{ rows: RecipientRow[]; total: number }>(`/campaigns/${id}/recipients`, { status: status.value, page, per_page: PER_PAGE });
      fill(results, dataTable(columns, answer.rows, t('detail.noRecipient')), pager(page, PER_PAGE, answer.total, (p) => void load(p)));
    } catch (err) {
      showIssues(err, {}, general);
    }
  };
  status.addEventListener('change', () => void load(1));
  void load(1);
  return card(t('detail.recipientsCard'),
    h('div', { class: 'toolbar' },
      h('div', { class: 'filter' }, h('label', { for: status.id }, t('history.status')), status),
      exportButtons(ctx.api, `/campaigns/${id}/recipients/export`, (): Record<string, string> => (status.value ? { status: status.value } : {}), `campaign-${id}`)),
    general, results);
}
