import type { ApiClient } from '../api';
import { formatMoney, formatNumber, t, tl, type MessageKey } from '../i18n';
import { hrefOf } from '../router';
import { alert, card, fill, h, type AlertKind } from '../ui/dom';
import type { Progress } from '../../../service/src/campaigns/progress';

/**
 * The seed's sending screen: created, generated, cost estimate (an export: directory created),
 * sending, done, in the order the service gives (`steps`), read live from
 * GET /api/campaigns/:id/progress (server-sent events through fetch, since EventSource cannot
 * send the bearer header). Leaving the page stops only the reading, never the campaign.
 */
export type { Progress };

const OUTCOMES: Record<string, [AlertKind, MessageKey]> = {
  sent: ['success', 'progress.sent'],
  partially_sent: ['warning', 'progress.partial'],
  failed: ['danger', 'progress.failed'],
  cancelled: ['warning', 'progress.cancelled'],
  paused: ['warning', 'progress.paused'],
  missed: ['warning', 'progress.missed'],
  scheduled: ['info', 'progress.scheduled'],
};

/** Costs are in euros: the prices per part (setting sms_prices) are. */
export function progressScreen(api: ApiClient, id: number, action: 'send' | 'export', signal: AbortSignal): HTMLElement {
  const steps = h('ol', { class: 'steps' });
  const bar = h('progress', { max: '1', value: '0', 'aria-label': t('progress.bar') });
  const outcome = h('div', { class: 'outcome', 'aria-live': 'polite' });
  const links = h('p', { class: 'links', hidden: true },
    h('a', { class: 'btn btn-primary', href: hrefOf('campaign-history', { id }) }, t('progress.open')), ' ',
    h('a', { class: 'btn btn-secondary', href: hrefOf('marketing', { fresh: Date.now() }) }, t('progress.another')));

  const texts = (p: Progress): Record<Progress['step'], string> => ({
    created: t('progress.created', { id }),
    generated: t('progress.generated', { n: formatNumber(p.recipients) }),
    cost_estimate: action === 'export' ? t('progress.noCost') : t('progress.estimate', { cost: formatMoney(p.estimated_cost) }),
    directory_created: t('progress.directoryCreated'),
    sending: t(action === 'export' ? 'progress.exporting' : 'progress.sending', { done: formatNumber(p.processed), total: formatNumber(p.recipients) }),
    done: t('progress.done'),
  });

  const update = (p: Progress) => {
    const reached = p.steps.indexOf(p.step);
    const labels = texts(p);
    fill(steps, ...p.steps.map((step, i) => {
      const state = i < reached || p.step === 'done' ? 'done' : i === reached ? 'current' : 'todo';
      return h('li', { class: `step ${state}`, 'data-step': step, 'aria-current': state === 'current' ? 'step' : null }, labels[step]);
    }));
    bar.max = Math.max(p.recipients, 1);
    bar.value = p.step === 'done' ? bar.max : p.processed;
    if (!p.settled) return;
    const [kind, key] = OUTCOMES[p.status] ?? ['info', 'progress.done'];
    const message = action === 'export' && p.status === 'sent' ? t('progress.exported') : t(key);
    const figures = t('progress.figures', { sent: formatNumber(p.sent), failed: formatNumber(p.failed), unknown: formatNumber(p.unknown), cost: formatMoney(p.cost) });
    fill(outcome, alert(kind, h('strong', { class: 'outcome-message' }, message), h('div', null, figures), p.error ? h('div', null, tl(p.error_detail?.messages) || p.error) : null));
    links.hidden = false;
  };

  const follow = async () => {
    let settled = false;
    while (!settled && !signal.aborted) {
      try {
        await api.stream(`/campaigns/${id}/progress`, (_event, data) => {
          update(data as Progress);
          settled = (data as Progress).settled;
        }, signal);
      } catch {
        if (signal.aborted) return;
      }
      // The stream ended before the campaign settled (a proxy timeout, a restart): read it again.
      if (!settled) await new Promise((r) => window.setTimeout(r, 1000));
    }
  };
  void follow();
  return card(t('progress.title'), steps, bar, outcome, links);
}

export function scheduledNotice(id: number, at: string, moved: boolean): HTMLElement {
  return alert('success', h('strong', { class: 'outcome-message' }, t('actions.scheduled', { id, at })), moved ? h('div', null, t('actions.moved')) : null, ' ',
    h('a', { href: hrefOf('campaign-history', { id }) }, t('progress.open')));
}
