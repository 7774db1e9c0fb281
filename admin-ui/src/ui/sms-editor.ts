import { countSms } from '../../../service/src/sms/encoding';
import { replaceNonGsm, type Replacement } from '../../../service/src/sms/replace';
import { checkMessage, MAX_PARTS, STOP_MENTION_LENGTH, type MessageCheck } from '../../../service/src/sms/rules';
import type { TemplateAudience, TemplateVariable } from '../../../service/src/templates/catalogue';
import { checkTemplate, estimateTemplate } from '../../../service/src/templates/render';
import { formatNumber, t, tl } from '../i18n';
import { alert, button, field, fill, h, type Field } from './dom';

/**
 * The SMS text editor of the marketing and notification pages: variable buttons, the live
 * counter (parts, characters left, encoding) computed by the service's own SMS core and
 * templates, bundled here, and every character that forces UCS-2 highlighted with a one-click
 * replacement by its GSM look-alike.
 */
export interface SmsEditorOptions {
  label: string;
  audience(): TemplateAudience;
  /** the STOP mention is counted for marketing texts under a custom sender */
  marketing: boolean;
  customSender(): boolean;
  /** marketing refuses UCS-2 (France); notifications replace the characters when they send */
  ucs2Refused: boolean;
  onChange(): void;
}

export interface SmsEditor {
  element: HTMLElement;
  field: Field;
  text(): string;
  setText(text: string): void;
  setVariables(variables: TemplateVariable[]): void;
  /** the last count, for callers that show it elsewhere (the preview) */
  check(): MessageCheck;
  /** what stops the text from being saved (unknown or unavailable variables, too long), as shown */
  problems(): string[];
  refresh(): void;
}

/** What a highlighted character looks like: itself, or its code point when it is invisible. */
function shown(char: string): string {
  return /^[\s\u00ad\u200b-\u200f\u2060\ufeff]$/u.test(char) ? `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : char;
}

export function smsEditor(options: SmsEditorOptions): SmsEditor {
  const textarea = h('textarea', { class: 'form-control sms-text', rows: '6', spellcheck: 'true' });
  const variables = h('div', { class: 'variables', role: 'group', 'aria-label': t('sms.variables') });
  const counter = h('div', { class: 'sms-counter', 'aria-live': 'polite' });
  const unicode = h('div', { class: 'unicode-panel' });
  const f = field(options.label, textarea);
  f.wrap.insertBefore(variables, textarea);
  let last: MessageCheck = checkMessage('');
  let problems: string[] = [];

  const setText = (text: string) => {
    textarea.value = text;
    update();
  };
  const insert = (name: string) => {
    textarea.focus();
    textarea.setRangeText(`{${name}}`, textarea.selectionStart, textarea.selectionEnd, 'end');
    update();
  };
  const applyReplacements = (chosen: Replacement[]) => {
    let text = textarea.value;
    // From the end, so earlier indexes stay valid while the text changes length.
    for (const r of [...chosen].sort((a, b) => b.index - a.index)) text = text.slice(0, r.index) + r.to + text.slice(r.index + r.from.length);
    setText(text);
    textarea.focus();
  };
  const removeChar = (char: string) => {
    setText(textarea.value.split(char).join(''));
    textarea.focus();
  };

  function renderCounter(text: string, audience: TemplateAudience) {
    const variableIssues = checkTemplate(text, audience).issues;
    const send = { marketing: options.marketing, customSender: options.customSender(), country: 'FR' };
    last = variableIssues.length === 0 ? estimateTemplate(text, audience, send) : checkMessage(text, send);
    const c = last.count;
    const tooLong = c.parts > MAX_PARTS;
    fill(
      counter,
      h('span', { class: `sms-parts${tooLong ? ' bad' : ''}` }, t('sms.parts', { parts: c.parts, max: MAX_PARTS })),
      h('span', { class: 'sms-remaining' }, t('sms.remaining', { n: formatNumber(c.remaining) })),
      h('span', { class: `sms-encoding${c.encoding === 'UCS2' ? ' bad' : ''}` }, c.encoding === 'GSM' ? t('sms.gsm') : t('sms.ucs2')),
      h('span', { class: 'sms-length' }, t('sms.length', { n: formatNumber(c.length) })),
      last.stopCounted ? h('span', { class: 'sms-stop' }, t('sms.stopCounted', { n: STOP_MENTION_LENGTH })) : null,
    );
    const errors = variableIssues.map((i) =>
      i.reason === 'unknown'
        ? t(i.suggestion ? 'sms.unknownVariableHint' : 'sms.unknownVariable', { name: i.name, hint: i.suggestion ?? '' })
        : t('sms.unavailableVariable', { name: i.name }),
    );
    if (tooLong) errors.push(t('sms.tooLong', { max: MAX_PARTS }));
    problems = errors;
    f.setError(errors.length ? errors : null);
  }

  function renderUnicode(text: string) {
    const nonGsm = countSms(text).nonGsm;
    if (nonGsm.length === 0) return fill(unicode);
    const replacements = replaceNonGsm(text).replacements;
    const mirror = h('p', { class: 'mirror', 'aria-label': t('sms.mirror') });
    let at = 0;
    for (const { char, index } of nonGsm) {
      mirror.append(text.slice(at, index), h('mark', { title: t('sms.forcesUnicode') }, shown(char)));
      at = index + char.length;
    }
    mirror.append(text.slice(at));
    const chars = [...new Set(nonGsm.map((n) => n.char))];
    const rows = chars.map((char) => {
      const fixes = replacements.filter((r) => r.from === char);
      const count = nonGsm.filter((n) => n.char === char).length;
      const what = h('span', null, h('mark', null, shown(char)), ` ${fixes[0]?.codePoints ?? ''} ×${count} `);
      if (fixes.length === 0) {
        const remove = button(t('sms.removeOne'), () => removeChar(char), 'secondary', { 'aria-label': t('sms.remove', { char: shown(char) }) });
        return h('li', null, what, t('sms.noLookAlike'), ' ', remove);
      }
      const to = fixes[0].to === '' ? t('sms.nothing') : fixes[0].to;
      const replace = button(t('sms.replaceOne'), () => applyReplacements(fixes), 'secondary', { 'aria-label': t('sms.replace', { char: shown(char), to }) });
      return h('li', null, what, '→ ', h('code', { class: 'look-alike' }, to), ' ', replace);
    });
    const all = replacements.length ? button(t('sms.replaceAll'), () => applyReplacements(replacements), 'primary') : null;
    fill(
      unicode,
      alert(options.ucs2Refused ? 'danger' : 'warning', h('strong', null, options.ucs2Refused ? t('sms.unicodeRefused') : t('sms.unicodeReplacedAtSend')), mirror, h('ul', { class: 'unicode-list' }, ...rows), all),
    );
  }

  function update() {
    renderCounter(textarea.value, options.audience());
    renderUnicode(textarea.value);
    options.onChange();
  }
  textarea.addEventListener('input', update);

  return {
    element: h('div', { class: 'sms-editor' }, f.wrap, counter, unicode),
    field: f,
    text: () => textarea.value,
    setText,
    check: () => last,
    problems: () => problems,
    refresh: update,
    setVariables(list) {
      fill(variables, ...list.filter((v) => !v.aliasOf).map((v) =>
        button(`{${v.name}}`, () => insert(v.name), 'variable', { title: tl(v.label), 'aria-label': t('sms.insert', { name: v.name, label: tl(v.label) }) })));
    },
  };
}
