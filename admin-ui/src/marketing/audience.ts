import type { ApiClient } from '../api';
import { formatNumber, t, type MessageKey } from '../i18n';
import { alert, fill, h } from '../ui/dom';
import { showIssues, type ErrorSlot } from '../ui/issues';
import type { Segment } from './criteria';
import type { PreviewRecipient, SegmentCount } from '../../../service/src/segments';

/**
 * The live recipient count beside the criteria (matched customers, reachable recipients, and
 * why the others drop), and the first recipients for the message preview. Answers that arrive
 * after a newer request was sent are ignored, so the figures always match the criteria shown.
 */
export type { SegmentCount, PreviewRecipient };


export interface AudiencePanel {
  element: HTMLElement;
  /** counts `segment` (null: the criteria are incomplete) and refreshes the preview recipients */
  update(segment: Segment | null, slots: Record<string, ErrorSlot>): Promise<void>;
}

const DROPS: Array<[keyof SegmentCount['dropped'], MessageKey]> = [
  ['no_number', 'count.noNumber'],
  ['invalid', 'count.invalid'],
  ['landline', 'count.landline'],
  ['opted_out', 'count.optedOut'],
  ['duplicate', 'count.duplicate'],
];

export function audiencePanel(api: ApiClient, onRecipients: (recipients: PreviewRecipient[]) => void): AudiencePanel {
  const figures = h('div', { class: 'count-figures', 'aria-live': 'polite', 'aria-busy': 'false' });
  const general = h('div');
  let sequence = 0;

  const show = (count: SegmentCount) => {
    const dropped = DROPS.filter(([key]) => count.dropped[key] > 0);
    fill(
      figures,
      h('div', { class: 'figure' }, h('span', { class: 'figure-value', 'data-count': 'reachable' }, formatNumber(count.reachable)), h('span', { class: 'figure-label' }, t('count.reachable'))),
      h('div', { class: 'figure secondary' }, h('span', { class: 'figure-value', 'data-count': 'matched' }, formatNumber(count.matched)), h('span', { class: 'figure-label' }, t('count.matched'))),
      dropped.length
        ? h('dl', { class: 'drops' }, h('dt', null, t('count.dropped')), ...dropped.map(([key, label]) => h('dd', null, t('common.labelValue', { label: t(label) }), h('strong', null, formatNumber(count.dropped[key])))))
        : h('p', { class: 'muted' }, t('count.noneDropped')),
    );
  };

  return {
    element: h('div', { class: 'audience' }, figures, general),
    async update(segment, slots) {
      const mine = ++sequence;
      fill(general);
      if (!segment) {
        fill(figures, h('p', { class: 'muted' }, t('count.incomplete')));
        onRecipients([]);
        return;
      }
      figures.setAttribute('aria-busy', 'true');
      figures.classList.add('busy');
      try {
        const [count, preview] = await Promise.all([
          api.send<SegmentCount>('POST', '/segments/count', { segment }),
          api.send<{ recipients: PreviewRecipient[] }>('POST', '/segments/preview', { segment }),
        ]);
        if (mine !== sequence) return;
        show(count);
        onRecipients(preview.recipients);
      } catch (err) {
        if (mine !== sequence) return;
        fill(figures, alert('warning', t('count.failed')));
        showIssues(err, slots, general);
        onRecipients([]);
      } finally {
        if (mine === sequence) {
          figures.setAttribute('aria-busy', 'false');
          figures.classList.remove('busy');
        }
      }
    },
  };
}
