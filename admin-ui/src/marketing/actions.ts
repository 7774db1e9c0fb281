import { ApiError, type ApiClient } from '../api';
import { formatDateTime, formatMoney, formatNumber, t } from '../i18n';
import { alert, button, field, fieldset, fill, h, input, uid } from '../ui/dom';
import { showIssues, type ErrorSlot } from '../ui/issues';
import type { Segment } from './criteria';
import { scheduledNotice } from './progress';

/**
 * The four actions of seed 5.3: count the recipients, send now (then the live progress screen),
 * send at a date and time, export the selection as a named directory in the provider's account.
 * Before anything is spent the page shows the estimate (recipients, parts, cost) and the credit
 * left, and waits for the merchant to confirm. A schedule is the date and time as typed, on the
 * shop's clock (the service reads a time without offset in the shop's zone, shown beside it).
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
  /** replaces the page with the progress screen of campaign `id` */
  showProgress(id: number, action: 'send' | 'export'): void;
}

export interface ActionsPanel {
  element: HTMLElement;
  /** the time zone of the shop the campaign goes out from (its first shop) */
  setZone(zone: string): void;
  state(): ActionsState;
}

/** What was chosen and typed, kept across a language switch. */
export interface ActionsState {
  action: Action;
  date: string;
  time: string;
  directory: string;
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

/** The wall-clock time in `zone` at `at`, as 'YYYY-MM-DDThh:mm': what the date and time fields hold. */
function wallClock(zone: string, at = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

export function actionsPanel(deps: ActionsDeps, initial?: ActionsState): ActionsPanel {
  let zone = 'Europe/Paris';
  const group = uid('action');
  const radios = (['count', 'send', 'schedule', 'export'] as Action[]).map((value) => {
    const radio = h('input', { type: 'radio', name: group, value, checked: value === (initial?.action ?? 'count') });
    return { radio, label: h('label', { class: 'check' }, radio, ' ', t(`actions.${value}`)) };
  });
  const chosen = (): Action => (radios.find((r) => r.radio.checked)?.radio.value as Action) ?? 'count';
  const date = field(t('actions.date'), input({ type: 'date', value: initial?.date, class: 'form-control narrow' }));
  const time = field(t('actions.time'), input({ type: 'time', value: initial?.time ?? '10:00', class: 'form-control narrow' }));
  const directory = field(t('actions.directory'), input({ maxlength: '128', autocomplete: 'off', value: initial?.directory }), t('actions.directoryHelp'));
  const zoneNote = h('p', { class: 'help zone-note', id: uid('zone') });
  // Both fields are read on the shop's clock: screen readers hear the zone with each of them.
  for (const f of [date, time]) f.control.setAttribute('aria-describedby', `${f.control.getAttribute('aria-describedby')} ${zoneNote.id}`);
  const scheduleBox = h('div', { hidden: true }, h('div', { class: 'inline-fields' }, date.wrap, time.wrap), zoneNote);
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

  const setZone = (to: string) => {
    zone = to;
    fill(zoneNote, t('actions.zone', { zone }));
    // Tomorrow on the shop's clock, until the merchant picks a date.
    if (!date.control.value) date.control.value = wallClock(zone, Date.now() + 86_400_000).slice(0, 10);
  };
  setZone(zone);

  const slots = () => ({ ...deps.slots(), at: date, 'directory': directory });
  const atShop = (value: string | Date, inZone = zone) => t('actions.atZone', { at: formatDateTime(value, inZone), zone: inZone });

  /** The date and time as typed, without offset ('2026-03-03T11:30'), or null after saying what is wrong. */
  const scheduledAt = (): string | null => {
    const typed = `${date.control.value}T${time.control.value}`;
    const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(typed);
    const past = ok && typed.slice(0, 16) < wallClock(zone);
    date.setError(ok ? (past ? t('actions.past') : null) : t('actions.needDate'));
    return ok && !past ? typed : null;
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
      const box = confirmBox(action, estimate, () => void execute(action, body, at), () => fill(result));
      fill(result, box);
      // Keyboard and screen-reader users land on what they are asked to confirm.
      box.focus();
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
      // The service names the zone it read the time in (the shop's); without it, the one shown beside the fields.
      const answer = await deps.api.send<{ campaign: { scheduled_at: string }; moved: boolean; zone?: string }>('POST', `/campaigns/${id}/schedule`, { at });
      fill(result, scheduledNotice(id, atShop(answer.campaign.scheduled_at, answer.zone), answer.moved));
      return;
    }
    try {
      await deps.api.send('POST', `/campaigns/${id}/send`);
      deps.showProgress(id, action === 'export' ? 'export' : 'send');
    } catch (err) {
      const next = err instanceof ApiError && err.code === 'conflict' ? (err.params.next as string | undefined) : undefined;
      if (!next) throw err;
      // Quiet hours: the draft exists; offer to send it when the window opens.
      fill(result, alert('warning', h('strong', null, t('actions.quietHours', { next: atShop(new Date(next)) })), ' ',
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
    return h('div', { class: 'confirm', role: 'group', 'aria-label': t('estimate.title'), tabindex: '-1' },
      h('h3', null, t('estimate.title')),
      h('table', { class: 'table compact estimate' }, h('tbody', null, ...rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v))))),
      short ? alert('danger', t('estimate.notEnoughCredit')) : null,
      e.reachable === 0 ? alert('warning', t('estimate.nobody')) : null,
      h('p', { class: 'help' }, t('estimate.indicative')),
      h('div', { class: 'actions' }, button(t(`estimate.confirm.${action}` as 'estimate.confirm.send'), confirm, 'primary', { disabled: e.reachable === 0 }), button(t('common.cancel'), cancel)));
  }

  return {
    element: h('div', { class: 'actions-panel' }, fieldset(t('actions.legend'), h('div', { class: 'checks' }, ...radios.map((r) => r.label))).wrap, scheduleBox, exportBox, h('div', { class: 'actions' }, go), result),
    setZone,
    state: () => ({ action: chosen(), date: date.control.value, time: time.control.value, directory: directory.control.value }),
  };
}
