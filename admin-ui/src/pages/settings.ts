import { validateSender } from '../../../service/src/sms/sender';
import type { PageContext } from '../context';
import { lang, t, tl } from '../i18n';
import { showIssues } from '../ui/issues';
import { alert, append, button, card, fill, field, h, input, type Field } from '../ui/dom';
import { pricesEditor, windowEditor, type JsonEditor } from './settings-json';
import { TELEGRAM_SETTING_KEYS, telegramCard } from './telegram-card';

/**
 * Settings (seed section 4): the iSendPro keyid with its immediate check, the default sender
 * (checked as it is typed, by the service's own rules), the admin mobile, the provider batch
 * size, the price of a part per country and the marketing sending window. Each card saves its
 * own settings; the API's issues are shown under the field they name.
 */
interface SettingsField {
  key: string;
  label: { fr: string; en: string };
  help: { fr: string; en: string } | null;
  secret: boolean;
  value: string | null;
  source: 'environment' | 'stored' | null;
  fallback: string | null;
}

interface SettingsPage {
  provider: { name: string; configured: boolean };
  fields: SettingsField[];
}

interface Check {
  status: 'ok' | 'sandbox' | 'not_configured' | 'bad_credentials' | 'ip_not_allowed' | 'failed';
  message: string;
}

type Slot = Pick<Field, 'setError'>;

export async function renderSettings(ctx: PageContext): Promise<void> {
  const page = await ctx.api.get<SettingsPage>('/settings');
  const byKey = new Map(page.fields.map((f) => [f.key, f]));
  const fieldOf = (key: string) => byKey.get(key)!;
  // What was typed in the text fields (secrets aside) survives a language switch.
  const typed = (ctx.carry.saved ?? {}) as Record<string, string>;
  const plain = new Map<string, Field>();
  ctx.carry.keep(() => Object.fromEntries([...plain].map(([key, f]) => [key, f.control.value])));

  /** A text control for a setting; a value set by an environment variable cannot be changed here. */
  const textField = (key: string, attrs: Record<string, string> = {}): Field => {
    const f = fieldOf(key);
    const shown = f.secret ? '' : typed[key] ?? f.value ?? '';
    const control = input({ name: key, value: shown, placeholder: f.secret ? f.value ?? '' : f.fallback ?? '', ...attrs });
    if (f.source === 'environment') control.disabled = true;
    const note = f.source === 'environment' ? h('p', { class: 'help' }, t('settings.fromEnvironment')) : null;
    const made = field(tl(f.label), control, tl(f.help), note);
    if (!f.secret) plain.set(key, made);
    return made;
  };

  /** PUTs `values`; issues go to the slot of the setting they name, anything else to `general`. */
  const save: Save = async (values, slots, general) => {
    Object.values(slots).forEach((s) => s.setError(null));
    fill(general);
    try {
      const answer = await ctx.api.send<Saved>('PUT', '/settings', values);
      fill(general, alert('success', t('settings.saved')));
      return answer;
    } catch (err) {
      showIssues(err, slots, general);
      return null;
    }
  };

  ctx.main.append(
    accountCard(ctx, page, textField, save),
    sendingCard(textField, save),
    jsonCard(t('settings.pricesTitle'), 'sms_prices', fieldOf('sms_prices'), pricesEditor, save),
    jsonCard(t('settings.windowTitle'), 'send_window', fieldOf('send_window'), windowEditor, save),
  );
  // Settings other capabilities add to the page (the Telegram bot's...) get plain fields.
  const others = page.fields.filter((f) => !PLACED.includes(f.key));
  if (others.length) ctx.main.append(otherCard(others, textField, save));
  ctx.main.append(await telegramCard(ctx));
}

/** The settings the cards above lay out themselves. */
const PLACED = ['isendpro_keyid', 'default_sender', 'admin_phone', 'isendpro_batch_size', 'sms_prices', 'send_window', ...TELEGRAM_SETTING_KEYS];

function otherCard(settings: SettingsField[], textField: TextField, save: Save): HTMLElement {
  const fields = settings.map((s) => ({ key: s.key, secret: s.secret, field: textField(s.key, s.secret ? { type: 'password', autocomplete: 'off' } : {}) }));
  const general = h('div');
  const submit = button(t('common.save'), async () => {
    // An empty secret means "keep the stored one": only what was typed is sent.
    const values = Object.fromEntries(fields.filter((f) => !f.secret || f.field.control.value.trim() !== '').map((f) => [f.key, f.field.control.value.trim()]));
    const saved = await save(values, Object.fromEntries(fields.map((f) => [f.key, f.field])), general);
    if (!saved) return;
    for (const f of fields.filter((x) => x.secret)) {
      (f.field.control as HTMLInputElement).placeholder = saved.fields.find((s) => s.key === f.key)?.value ?? '';
      f.field.control.value = '';
    }
  }, 'primary');
  return card(t('settings.otherTitle'), ...fields.map((f) => f.field.wrap), general, h('div', { class: 'card-footer' }, submit));
}

type TextField = (key: string, attrs?: Record<string, string>) => Field;
type Saved = SettingsPage & { check: Check | null };
type Save = (values: Record<string, string | null>, slots: Record<string, Slot>, general: HTMLElement) => Promise<Saved | null>;

function checkAlert(check: Check): HTMLElement {
  const kind = check.status === 'ok' ? 'success' : check.status === 'sandbox' || check.status === 'not_configured' ? 'info' : 'danger';
  return alert(kind, h('strong', null, t('settings.accountInfo')), ' ', h('span', { class: 'check-message' }, check.message));
}

function accountCard(ctx: PageContext, page: SettingsPage, textField: TextField, save: Save): HTMLElement {
  const keyid = textField('isendpro_keyid', { type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const result = h('div', { class: 'check-result' });
  const provider = page.provider.name === 'sandbox' ? t('settings.providerSandbox') : t('settings.providerIsendpro');
  const saveKey = button(t('settings.saveAndTest'), async () => {
    const value = keyid.control.value.trim();
    if (!value) return keyid.setError(t('settings.keyidRequired'));
    const answer = await save({ isendpro_keyid: value }, { isendpro_keyid: keyid }, result);
    if (answer?.check) fill(result, checkAlert(answer.check));
    if (answer) {
      const control = keyid.control as HTMLInputElement;
      control.value = '';
      control.placeholder = answer.fields.find((f) => f.key === 'isendpro_keyid')?.value ?? '';
    }
  }, 'primary');
  const test = button(t('settings.test'), async () => {
    fill(result, h('p', { class: 'muted' }, t('common.working')));
    try {
      fill(result, checkAlert((await ctx.api.send<{ check: Check }>('POST', '/settings/check')).check));
    } catch (err) {
      showIssues(err, {}, result);
    }
  });
  const links = h(
    'p',
    { class: 'links' },
    h('a', { href: 'https://www.isendpro.com/inscription.php', target: '_blank', rel: 'noopener noreferrer' }, t('settings.createAccount')),
  );
  return card(t('settings.accountTitle'), h('p', null, h('strong', null, t('settings.provider')), ' ', provider), keyid.wrap, h('div', { class: 'actions' }, saveKey, test), result, links);
}

function sendingCard(textField: TextField, save: Save): HTMLElement {
  const sender = textField('default_sender', { maxlength: '11', autocomplete: 'off' });
  const phone = textField('admin_phone', { type: 'tel', autocomplete: 'tel' });
  const batch = textField('isendpro_batch_size', { type: 'number', min: '1', max: '1000', inputmode: 'numeric' });
  const liveSender = () => {
    const value = sender.control.value;
    sender.setError(value === '' ? null : validateSender(value).map((e) => e[lang()]));
  };
  sender.control.addEventListener('input', liveSender);
  liveSender();
  const general = h('div');
  const submit = button(t('common.save'), async () => {
    await save(
      { default_sender: sender.control.value.trim(), admin_phone: phone.control.value.trim(), isendpro_batch_size: batch.control.value.trim() },
      { default_sender: sender, admin_phone: phone, isendpro_batch_size: batch },
      general,
    );
  }, 'primary');
  return card(t('settings.sendingTitle'), sender.wrap, phone.wrap, batch.wrap, general, h('div', { class: 'card-footer' }, submit));
}

function jsonCard(title: string, key: string, setting: SettingsField, make: (value: string) => JsonEditor, save: Save): HTMLElement {
  const editor = make(setting.value ?? setting.fallback ?? '');
  const general = h('div');
  const slot: Slot = { setError: editor.setError };
  const submit = button(t('common.save'), async () => {
    const value = editor.read();
    if (value === null) return;
    const saved = await save({ [key]: value }, { [key]: slot }, general);
    const stored = saved?.fields.find((f) => f.key === key)?.value;
    if (stored) editor.load(stored);
  }, 'primary');
  const reset = button(t('settings.useDefaults'), async () => {
    if (await save({ [key]: null }, { [key]: slot }, general)) editor.load(setting.fallback ?? '');
  }, 'link');
  const body = h('div');
  append(body, h('p', { class: 'help' }, tl(setting.help)), editor.element, general, h('div', { class: 'card-footer' }, submit, reset));
  return card(title, body);
}
