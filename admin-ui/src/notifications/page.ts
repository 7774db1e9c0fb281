import type { PageContext } from '../context';
import { t } from '../i18n';
import { button, card, fill, h } from '../ui/dom';
import { showIssues } from '../ui/issues';
import { eventLabel, ruleForm, type CatalogueEvent, type Rule } from './form';

/**
 * Notifications (seed section 6): the form to add one, and the list of notifications with
 * enable/disable, edit and delete (with a confirmation in place of the button).
 */
export async function renderNotifications(ctx: PageContext): Promise<void> {
  const [{ events }, settings] = await Promise.all([
    ctx.api.get<{ events: CatalogueEvent[] }>('/notifications/events'),
    ctx.api.get<{ fields: Array<{ key: string; value: string | null }> }>('/settings'),
  ]);
  const byKey = new Map(events.map((e) => [e.key, e]));
  const defaultSender = settings.fields.find((f) => f.key === 'default_sender')?.value ?? '';
  const listBody = h('div', { class: 'rules' });
  const general = h('div');

  const load = async () => {
    const { rules } = await ctx.api.get<{ rules: Rule[] }>('/notifications/rules');
    fill(listBody, rules.length ? table(rules) : h('p', { class: 'muted empty' }, t('notif.none')));
  };
  const form = ruleForm(ctx.api, events, defaultSender, () => void load());

  const act = async (work: () => Promise<unknown>) => {
    fill(general);
    try {
      await work();
    } catch (err) {
      showIssues(err, {}, general);
    }
    await load();
  };

  function table(rules: Rule[]): HTMLElement {
    return h('table', { class: 'table rules-table' },
      h('thead', null, h('tr', null, ...['notif.colEvents', 'notif.colSender', 'notif.colText', 'notif.colActive', 'notif.colActions'].map((k) => h('th', { scope: 'col' }, t(k as 'notif.colEvents'))))),
      h('tbody', null, ...rules.map(row)));
  }

  function row(rule: Rule): HTMLElement {
    const active = h('input', { type: 'checkbox', checked: rule.active, role: 'switch', 'aria-label': t('notif.toggle', { id: rule.id_rule }) });
    active.addEventListener('change', () => void act(() => ctx.api.send('PATCH', `/notifications/rules/${rule.id_rule}`, { active: active.checked })));
    const actions = h('td', { class: 'row-actions' });
    const normal = () => fill(actions,
      button(t('common.edit'), () => form.edit(rule), 'secondary', { 'aria-label': t('notif.editRule', { id: rule.id_rule }) }),
      button(t('common.delete'), confirming, 'danger', { 'aria-label': t('notif.deleteRule', { id: rule.id_rule }) }));
    function confirming() {
      const yes = button(t('notif.confirmDelete'), () => void act(() => ctx.api.send('DELETE', `/notifications/rules/${rule.id_rule}`)), 'danger');
      fill(actions, h('span', { class: 'confirm-text' }, t('notif.reallyDelete')), ' ', yes, ' ', button(t('common.no'), normal, 'secondary'));
      yes.focus();
    }
    normal();
    return h('tr', { 'data-rule': String(rule.id_rule), class: rule.active ? '' : 'inactive' },
      h('td', null, h('ul', { class: 'plain' }, ...rule.events.map((key) => h('li', null, eventLabel(byKey.get(key), key, rule.audience))))),
      h('td', null, rule.sender ?? h('span', { class: 'muted' }, defaultSender || t('notif.defaultSender'))),
      h('td', { class: 'message-cell' }, rule.message),
      h('td', null, h('label', { class: 'switch' }, active, h('span', null, rule.active ? t('notif.on') : t('notif.off')))),
      actions);
  }

  ctx.main.append(
    card(t('notif.formCard'), form.element),
    card(t('notif.listCard'), h('p', { class: 'help' }, t('notif.listHelp')), general, listBody),
  );
  await load();
}
