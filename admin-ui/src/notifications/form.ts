import { validateSender } from '../../../service/src/sms/sender';
import { TEMPLATE_VARIABLES, type TemplateAudience } from '../../../service/src/templates/catalogue';
import type { ApiClient } from '../api';
import { lang, t, tl } from '../i18n';
import { alert, button, field, fieldset, fill, h, input } from '../ui/dom';
import { showIssues, type ErrorSlot } from '../ui/issues';
import { smsEditor } from '../ui/sms-editor';

/**
 * Adding (or editing) a notification (seed 6.1): events grouped [Admin] and [Client], a sender,
 * and the text, prefilled with the first chosen event's default text until the merchant edits
 * it, with the live counter. Events of both groups make one rule per audience, same text.
 */
export type Audience = 'admin' | 'client';

export interface CatalogueEvent {
  key: string;
  hasOrder: boolean;
  label: { fr: string; en: string };
  defaults: Record<Audience, { fr: string; en: string }>;
  variables: string[];
}

export interface Rule {
  id_rule: number;
  audience: Audience;
  events: string[];
  sender: string | null;
  message: string;
  active: boolean;
  channels?: Array<'sms' | 'telegram'>;
}

export interface RuleForm {
  element: HTMLElement;
  edit(rule: Rule): void;
}

/** "Order status: Shipped", "Payment confirmation"... */
export function eventName(event: CatalogueEvent | undefined, key: string): string {
  const name = event ? tl(event.label) : key;
  return key.startsWith('order_state:') ? t('notif.orderState', { name }) : name;
}

/** The seed's "[Admin] ..." / "[Client] ..." labels. */
export function eventLabel(event: CatalogueEvent | undefined, key: string, audience: Audience): string {
  return `${t(audience === 'admin' ? 'notif.admin' : 'notif.client')} ${eventName(event, key)}`;
}

/** A slot showing each message once (the two rules of one form share the text and sender). */
function once(slot: ErrorSlot): ErrorSlot {
  return { setError: (messages) => slot.setError(messages === null ? null : [...new Set(Array.isArray(messages) ? messages : [messages])]) };
}

export function ruleForm(api: ApiClient, events: CatalogueEvent[], defaultSender: string, onSaved: () => void): RuleForm {
  const byKey = new Map(events.map((e) => [e.key, e]));
  const boxes: Array<{ box: HTMLInputElement; audience: Audience; key: string }> = [];
  const group = (audience: Audience) =>
    h('div', { class: 'checks scroll tall', role: 'group', 'aria-label': t(audience === 'admin' ? 'notif.adminEvents' : 'notif.clientEvents') },
      ...events.map((e) => {
        const box = h('input', { type: 'checkbox', value: `${audience}|${e.key}` });
        boxes.push({ box, audience, key: e.key });
        return h('label', { class: 'check' }, box, ' ', eventLabel(e, e.key, audience));
      }));
  const eventsSet = fieldset(t('notif.events'), h('div', { class: 'two-lists' }, group('admin'), group('client')), t('notif.eventsHelp'));
  // [Admin] messages may also (or only) go to the staff's Telegram chats; [Client] ones are SMS.
  const channelBoxes = (['sms', 'telegram'] as const).map((channel) => ({ channel, box: h('input', { type: 'checkbox', value: channel, checked: channel === 'sms' }) }));
  const channelsSet = fieldset(t('notif.channels'), h('div', { class: 'checks' }, ...channelBoxes.map((c) => h('label', { class: 'check' }, c.box, ' ', t(c.channel === 'sms' ? 'notif.channelSms' : 'notif.channelTelegram')))), t('notif.channelsHelp'));
  const adminChannels = () => channelBoxes.filter((c) => c.box.checked).map((c) => c.channel);
  const sender = field(t('notif.sender'), input({ maxlength: '11', placeholder: defaultSender, autocomplete: 'off' }), t('notif.senderHelp'));
  const chosen = () => boxes.filter((b) => b.box.checked);
  const audienceOf = (): TemplateAudience => (chosen().every((b) => byKey.get(b.key)?.hasOrder) ? 'notification' : 'marketing');
  const editor = smsEditor({ label: t('notif.text'), audience: audienceOf, marketing: false, customSender: () => true, ucs2Refused: false, onChange: () => undefined });
  const general = h('div');
  let prefilled = '';
  let editing: Rule | null = null;

  const syncVariables = () => {
    const picked = chosen();
    const allowed = picked.length ? picked.map((b) => new Set(byKey.get(b.key)?.variables ?? [])) : [];
    editor.setVariables(TEMPLATE_VARIABLES.filter((v) => (allowed.length ? allowed.every((s) => s.has(v.name)) : true)));
  };
  const onEvents = () => {
    const first = chosen()[0];
    // Prefill only while the merchant has not written their own text.
    if (first && (editor.text() === '' || editor.text() === prefilled)) {
      prefilled = byKey.get(first.key)?.defaults[first.audience][lang()] ?? '';
      editor.setText(prefilled);
    }
    syncVariables();
    editor.refresh();
  };
  boxes.forEach((b) => b.box.addEventListener('change', onEvents));
  sender.control.addEventListener('input', () => {
    const v = sender.control.value;
    sender.setError(v === '' ? null : validateSender(v).map((e) => e[lang()]));
  });

  const reset = () => {
    editing = null;
    boxes.forEach((b) => {
      b.box.checked = false;
      b.box.disabled = false;
    });
    sender.control.value = '';
    prefilled = '';
    editor.setText('');
    sender.setError(null);
    eventsSet.setError(null);
    channelsSet.setError(null);
    channelBoxes.forEach((c) => (c.box.checked = c.channel === 'sms'));
    fill(title, t('notif.addTitle'));
    cancel.hidden = true;
    save.textContent = t('notif.add');
    syncVariables();
  };

  const submit = async () => {
    fill(general);
    const picked = chosen();
    eventsSet.setError(picked.length ? null : t('notif.needEvent'));
    if (editor.text().trim() === '') editor.field.setError(t('message.needText'));
    const needsChannel = picked.some((b) => b.audience === 'admin') && adminChannels().length === 0;
    channelsSet.setError(needsChannel ? t('notif.needChannel') : null);
    if (!picked.length || needsChannel || editor.text().trim() === '' || editor.problems().length > 0) return;
    const base = { sender: sender.control.value.trim() || null, message: editor.text(), active: editing?.active ?? true };
    const audiences = [...new Set(picked.map((b) => b.audience))];
    const bodies = audiences.map((audience) => ({
      ...base, audience, channels: audience === 'admin' ? adminChannels() : ['sms'], events: picked.filter((b) => b.audience === audience).map((b) => b.key),
    }));
    // The [Admin] and [Client] rules go in one request, saved together or not at all; an issue
    // of either ("rules[1].message") shows under the field it names, once.
    const fields = Object.entries({ events: eventsSet, channels: channelsSet, sender, message: editor.field }).map(([name, slot]) => [name, once(slot)] as const);
    const slots = Object.fromEntries([...fields, ...bodies.flatMap((_, i) => fields.map(([name, slot]) => [`rules[${i}].${name}`, slot] as const))]);
    try {
      if (editing) await api.send('PUT', `/notifications/rules/${editing.id_rule}`, bodies[0]);
      else await api.send('POST', '/notifications/rules', { rules: bodies });
      const done = editing ? t('notif.updated') : audiences.length > 1 ? t('notif.createdMany', { n: audiences.length }) : t('notif.created');
      reset();
      fill(general, alert('success', done));
      onSaved();
    } catch (err) {
      showIssues(err, slots, general);
    }
  };

  const title = h('h3', null, t('notif.addTitle'));
  const save = button(t('notif.add'), () => void submit(), 'primary', { class: 'btn btn-primary save-rule' });
  const cancel = button(t('common.cancel'), reset, 'secondary', { hidden: true });
  syncVariables();
  editor.refresh();

  return {
    element: h('div', { class: 'rule-form' }, title, eventsSet.wrap, channelsSet.wrap, sender.wrap, editor.element, h('p', { class: 'help' }, t('message.indicative')), general, h('div', { class: 'card-footer' }, save, cancel)),
    edit(rule) {
      reset();
      editing = rule;
      boxes.forEach((b) => {
        b.box.checked = b.audience === rule.audience && rule.events.includes(b.key);
        b.box.disabled = b.audience !== rule.audience;
      });
      sender.control.value = rule.sender ?? '';
      channelBoxes.forEach((c) => (c.box.checked = (rule.channels ?? ['sms']).includes(c.channel)));
      prefilled = '';
      editor.setText(rule.message);
      syncVariables();
      editor.refresh();
      fill(title, t('notif.editTitle', { id: rule.id_rule }));
      save.textContent = t('notif.saveChanges');
      cancel.hidden = false;
      title.scrollIntoView({ block: 'start' });
      (boxes.find((b) => b.box.checked)?.box ?? sender.control).focus();
    },
  };
}
