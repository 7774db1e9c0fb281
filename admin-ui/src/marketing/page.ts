import { validateSender } from '../../../service/src/sms/sender';
import { variablesFor } from '../../../service/src/templates/catalogue';
import type { PageContext } from '../context';
import { lang, t } from '../i18n';
import { card, debounce, field, fill, h, input } from '../ui/dom';
import { smsEditor } from '../ui/sms-editor';
import { actionsPanel, type ActionsState } from './actions';
import { audiencePanel } from './audience';
import { criteriaBuilder, type CriteriaState, type ShopOptions } from './criteria';
import { previewPanel } from './preview';
import { progressScreen } from './progress';

/**
 * SMS marketing (seed section 5): the recipient selection with its live count, the message with
 * its live counter and preview for a real recipient, and the actions. Sits in two columns from
 * about 960 px, one below that. A language switch rebuilds the page with everything typed, or
 * with the progress screen it was showing.
 */
type MarketingState =
  | { progress: { id: number; action: 'send' | 'export' } }
  | { criteria: CriteriaState; name: string; sender: string; message: string; actions: ActionsState };

export async function renderMarketing(ctx: PageContext): Promise<void> {
  const saved = ctx.carry.saved as MarketingState | undefined;
  const columns = h('div', { class: 'columns' });
  ctx.main.appendChild(columns);
  const showProgress = (id: number, action: 'send' | 'export') => {
    const screen = progressScreen(ctx.api, id, action, ctx.signal);
    fill(columns, screen);
    screen.scrollIntoView({ block: 'start' });
    ctx.carry.keep((): MarketingState => ({ progress: { id, action } }));
  };
  if (saved && 'progress' in saved) return showProgress(saved.progress.id, saved.progress.action);
  const typed = saved && 'criteria' in saved ? saved : undefined;

  const [options, settings] = await Promise.all([
    ctx.api.get<ShopOptions>('/shop/options'),
    ctx.api.get<{ fields: Array<{ key: string; value: string | null }> }>('/settings'),
  ]);
  const defaultSender = settings.fields.find((f) => f.key === 'default_sender')?.value ?? '';
  const shopName = (id: number) => options.shops.find((s) => s.id === id)?.name ?? '';
  // The campaign goes out from its first shop (as the service decides), on that shop's clock.
  const zoneOf = (shops: string[]) => options.shops.find((s) => String(s.id) === shops[0])?.zone ?? 'Europe/Paris';

  const preview = previewPanel(shopName);
  const audience = audiencePanel(ctx.api, (recipients) => preview.setRecipients(recipients));
  const recount = debounce(() => void audience.update(builder.read(), builder.slots()), 400);
  const builder = criteriaBuilder(options, () => {
    actions.setZone(zoneOf(builder.state().shops));
    recount();
  }, typed?.criteria);

  const name = field(t('message.name'), input({ maxlength: '128', autocomplete: 'off', value: typed?.name }));
  const sender = field(t('message.sender'), input({ maxlength: '11', value: typed?.sender ?? defaultSender, autocomplete: 'off' }), t('message.senderHelp'));
  const editor = smsEditor({
    label: t('message.text'),
    audience: () => 'marketing',
    marketing: true,
    customSender: () => sender.control.value.trim() !== '',
    ucs2Refused: true,
    onChange: () => preview.render(editor.text(), editor.check().stopCounted),
  });
  editor.setVariables(variablesFor('marketing'));
  const checkSender = () => {
    const value = sender.control.value;
    sender.setError(value === '' ? null : validateSender(value).map((e) => e[lang()]).filter(Boolean));
  };
  sender.control.addEventListener('input', () => {
    checkSender();
    editor.refresh();
  });

  /** The campaign as typed, checked with the same rules the service applies; problems shown in place. */
  const draft = (forSending: boolean) => {
    const criteria = builder.read(true);
    const senderValue = sender.control.value.trim();
    const senderOk = senderValue === '' || validateSender(senderValue).length === 0;
    name.setError(name.control.value.trim() || !forSending ? null : t('message.needName'));
    const empty = forSending && editor.text().trim() === '';
    if (empty) editor.field.setError(t('message.needText'));
    const textOk = !forSending || (!empty && editor.check().problems.length === 0 && editor.problems().length === 0);
    if (!criteria || !senderOk || !textOk || (forSending && !name.control.value.trim())) return null;
    return { name: name.control.value.trim(), criteria, message: editor.text(), sender: senderValue || null };
  };

  const actions = actionsPanel({
    api: ctx.api,
    signal: ctx.signal,
    draft,
    slots: () => ({ ...builder.slots(), name, sender, message: editor.field }),
    count: () => {
      recount.cancel();
      void audience.update(builder.read(true), builder.slots());
    },
    showProgress,
  }, typed?.actions);
  actions.setZone(zoneOf(builder.state().shops));
  ctx.signal.addEventListener('abort', () => recount.cancel());
  ctx.carry.keep((): MarketingState => ({
    criteria: builder.state(), name: name.control.value, sender: sender.control.value, message: editor.text(), actions: actions.state(),
  }));

  fill(
    columns,
    h('div', { class: 'column-main' },
      card(t('marketing.selection'), builder.element),
      card(t('marketing.message'), name.wrap, sender.wrap, editor.element, h('p', { class: 'help' }, t('message.indicative'))),
      card(t('marketing.actions'), actions.element)),
    h('div', { class: 'column-side' },
      card(t('marketing.recipients'), audience.element),
      card(t('marketing.preview'), preview.element)),
  );
  if (typed) {
    editor.setText(typed.message);
    checkSender();
  }
  editor.refresh();
  void audience.update(builder.read(), builder.slots());
}
