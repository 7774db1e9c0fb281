import { ApiError, type ApiClient } from '../api';
import { formatDateTime, formatMoney, formatNumber, t } from '../i18n';
import { alert, button, field, fieldset, fill, h, input, uid } from '../ui/dom';
import { showIssues, type ErrorSlot } from '../ui/issues';
import type { Segment } from './criteria';
import { progressScreen, scheduledNotice } from './progress';

/**
 * The four actions of seed 5.3: count the recipients, send now (then the live progress screen),
 * send at a date and time, export the selection as a named directory in the provider's account.
 * Before anything is spent the page shows the estimate (recipients, parts, cost) and the credit
 * left, and waits for the merchant to confirm.
 */
export interface Draft {
  name: string;
  criteria: Segment;
  message: string;
  sender: string | null;
}

export interface ActionsDeps {
  api: ApiClient;
  signal: AbortSignal;
  /** the campaign as typed, or null after showing what is missing (`forSending`: a text is needed) */
  draft(forSending: boolean): Draft | null;
  slots(): Record<string, ErrorSlot>;
  count(): void;
  /** replaces the page with the progress screen */
  showProgress(screen: HTMLElement): void;
}

interface Estimate {
  matched: number;
  reachable: number;
  parts: number;
  encoding: string;
  estimated_cost: string;
  credit: { amount: number; smsFrance: number | null } | null;
}

type Action = 'count' | 'send' | 'schedule' | 'export';

function tomorrowAtTen(): { date: string; time: string } {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: '10:00' };
}

export function actionsPanel(deps: ActionsDeps): HTMLElement {
  const group = uid('action');
  const radios = (['count', 'send', 'schedule', 'export'] as Action[]).map((value) => {
    const radio = h('input', { type: 'radio', name: group, value, checked: value === 'count' });
    return { radio, label: h('label', { class: 'check' }, radio, ' ', t(`actions.${value}`)) };
  });
  const chosen = (): Action => (radios.find((r) => r.radio.checked)?.radio.value as Action) ?? 'count';
  const when = tomorrowAtTen();
  const date = field(t('actions.date'), input({ type: 'date', value: when.date, class: 'form-control narrow' }));
  const time = field(t('actions.time'), input({ type: 'time', value: when.time, class: 'form-control narrow' }));
  const directory = field(t('actions.directory'), input({ maxlength: '128', autocomplete: 'off' }), t('actions.directoryHelp'));
  const scheduleBox = h('div', { class: 'inline-fields', hidden: true }, date.wrap, time.wrap);
  const exportBox = h('div', { hidden: true }, directory.wrap);
  const result = h('div', { class: 'action-result' });
  const go = button('', () => void run(), 'primary', { class: 'btn btn-primary run-action' });

  const sync = () => {
    scheduleBox.hidden = chosen() !== 'schedule';
    exportBox.hidden = chosen() !== 'export';
    go.textContent = t(`actions.go.${chosen()}`);
    fill(result);
  };
  radios.forEach((r) => r.radio.addEventListener('change', sync));
  sync();

  const slots = () => ({ ...deps.slots(), at: date, 'directory': directory });

  const scheduledAt = (): string | null => {
    const local = new Date(`${date.control.value}T${time.control.value}`);
    const ok = date.control.value !== '' && time.control.value !== '' && !Number.isNaN(local.getTime());
    date.setError(ok ? (local.getTime() < Date.now() ? t('actions.past') : null) : t('actions.needDate'));
    return ok && local.getTime() >= Date.now() ? local.toISOString() : null;
  };

  async function run(): Promise<void> {
    const action = chosen();
    fill(result);
    if (action === 'count') return deps.count();
    const draft = deps.draft(action !== 'export');
    directory.setError(action === 'export' && directory.control.value.trim() === '' ? t('actions.needDirectory') : null);
    const at = action === 'schedule' ? scheduledAt() : null;
    if (!draft || (action === 'export' && !directory.control.value.trim()) || (action === 'schedule' && !at)) return;
    const body = { ...draft, name: action === 'export' ? directory.control.value.trim() : draft.name, action: action === 'export' ? 'export' : 'send' };
    fill(result, h('p', { class: 'muted' }, t('common.working')));
    try {
      const estimate = await deps.api.send<Estimate>('POST', '/campaigns/estimate', body);
      fill(result, confirmBox(action, estimate, () => void execute(action, body, at), () => fill(result)));
    } catch (err) {
      showIssues(err, slots(), result);
    }
  }

  async function execute(action: Action, body: object, at: string | null): Promise<void> {
    fill(result, h('p', { class: 'muted' }, t('common.working')));
    try {
      const { campaign } = await deps.api.send<{ campaign: { id_campaign: number } }>('POST', '/campaigns', body);
      await startOrSchedule(action, campaign.id_campaign, at);
    } catch (err) {
      showIssues(err, slots(), result);
    }
  }

  async function startOrSchedule(action: Action, id: number, at: string | null): Promise<void> {
    if (action === 'schedule' && at) {
      const answer = await deps.api.send<{ campaign: { scheduled_at: string }; moved: boolean }>('POST', `/campaigns/${id}/schedule`, { at });
      fill(result, scheduledNotice(id, formatDateTime(answer.campaign.scheduled_at), answer.moved));
      return;
    }
    try {
      await deps.api.send('POST', `/campaigns/${id}/send`);
      deps.showProgress(progressScreen(deps.api, id, action === 'export' ? 'export' : 'send', deps.signal));
    } catch (err) {
      const next = err instanceof ApiError && err.code === 'conflict' ? (err.params.next as string | undefined) : undefined;
      if (!next) throw err;
      // Quiet hours: the draft exists; offer to send it when the window opens.
      fill(result, alert('warning', h('strong', null, t('actions.quietHours', { next: formatDateTime(new Date(next)) })), ' ',
        button(t('actions.scheduleAtNext'), () => void startOrSchedule('schedule', id, next).catch((e) => showIssues(e, slots(), result)), 'primary')));
    }
  }

  function confirmBox(action: Action, e: Estimate, confirm: () => void, cancel: () => void): HTMLElement {
    const cost = Number(e.estimated_cost);
    const short = action !== 'export' && e.credit !== null && cost > e.credit.amount;
    const rows: Array<[string, string]> = [
      [t('estimate.recipients'), t('estimate.recipientsValue', { reachable: formatNumber(e.reachable), matched: formatNumber(e.matched) })],
      ...(action === 'export' ? [] : ([
        [t('estimate.parts'), t('estimate.partsValue', { parts: e.parts, encoding: e.encoding === 'GSM' ? t('sms.gsm') : t('sms.ucs2') })],
        [t('estimate.cost'), formatMoney(e.estimated_cost)],
      ] as Array<[string, string]>)),
      [t('estimate.credit'), e.credit ? t('estimate.creditValue', { amount: formatMoney(e.credit.amount, 'EUR', 2), sms: e.credit.smsFrance === null ? '–' : formatNumber(e.credit.smsFrance) }) : t('estimate.creditUnknown')],
    ];
    return h('div', { class: 'confirm', role: 'group', 'aria-label': t('estimate.title') },
      h('h3', null, t('estimate.title')),
      h('table', { class: 'table compact estimate' }, h('tbody', null, ...rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v))))),
      short ? alert('danger', t('estimate.notEnoughCredit')) : null,
      e.reachable === 0 ? alert('warning', t('estimate.nobody')) : null,
      h('p', { class: 'help' }, t('estimate.indicative')),
      h('div', { class: 'actions' }, button(t(`estimate.confirm.${action}` as 'estimate.confirm.send'), confirm, 'primary', { disabled: e.reachable === 0 }), button(t('common.cancel'), cancel)));
  }

  return h('div', { class: 'actions-panel' }, fieldset(t('actions.legend'), h('div', { class: 'checks' }, ...radios.map((r) => r.label))).wrap, scheduleBox, exportBox, h('div', { class: 'actions' }, go), result);
}
