import { checkMessage } from '../../../service/src/sms/rules';
import { checkTemplate, renderTemplate } from '../../../service/src/templates/render';
import { t } from '../i18n';
import { field, fill, h, select } from '../ui/dom';
import type { PreviewRecipient } from './audience';

/**
 * The message as one real recipient of the segment will read it: rendered by the service's
 * template code with that customer's names and email (POST /api/segments/preview gives the
 * first recipients, numbers and emails masked, emails at their real length so the SMS count is
 * the send's), followed by the STOP mention the provider appends. Names are shown as text,
 * whatever characters they hold.
 */
export interface PreviewPanel {
  element: HTMLElement;
  setRecipients(recipients: PreviewRecipient[]): void;
  render(text: string, stopCounted: boolean): void;
}

export function previewPanel(shopName: (id: number) => string): PreviewPanel {
  let recipients: PreviewRecipient[] = [];
  let last = { text: '', stop: false };
  const chooser = select([], undefined, { class: 'form-control preview-recipient' });
  const chooserField = field(t('preview.recipient'), chooser);
  const bubble = h('div', { class: 'sms-bubble', 'aria-live': 'polite' });
  const note = h('p', { class: 'help preview-parts' });

  const render = (text: string, stop: boolean) => {
    last = { text, stop };
    const who = recipients[Number(chooser.value)];
    if (!who) {
      fill(bubble, h('span', { class: 'muted' }, t('preview.noRecipient')));
      fill(note);
      return;
    }
    const valid = checkTemplate(text, 'marketing').issues.length === 0;
    // The variables the send fills (campaigns/snapshot.ts), from the same customer fields.
    const context = { client_name: who.lastname, client_surname: who.firstname, client_email: who.email, shop_name: shopName(who.id_shop) };
    const rendered = valid ? renderTemplate(text, 'marketing', context) : text;
    fill(bubble, h('span', { class: 'sms-body' }, rendered), stop ? h('span', { class: 'sms-stop-mention' }, ` ${t('preview.stop')}`) : null);
    const count = checkMessage(rendered, { marketing: true, customSender: stop, country: who.country }).count;
    fill(note, t('preview.parts', { parts: count.parts }));
  };
  chooser.addEventListener('change', () => render(last.text, last.stop));

  return {
    element: h('div', { class: 'preview' }, chooserField.wrap, bubble, note),
    setRecipients(list) {
      const before = recipients[Number(chooser.value)]?.id_customer;
      recipients = list;
      fill(chooser, ...list.map((r, i) => h('option', { value: String(i) }, `${r.firstname} ${r.lastname} · ${r.phone}`)));
      const keep = list.findIndex((r) => r.id_customer === before);
      chooser.value = String(keep >= 0 ? keep : 0);
      chooser.disabled = list.length === 0;
      render(last.text, last.stop);
    },
    render,
  };
}
