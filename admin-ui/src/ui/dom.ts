/**
 * Element building without innerHTML: every string becomes a text node, so a customer named
 * `<img src=x onerror=...>` is shown as those characters and never parsed as markup.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') el.className = String(value);
    else if (name === 'value') (el as unknown as HTMLInputElement).value = String(value);
    else if (name === 'checked') (el as unknown as HTMLInputElement).checked = value === true;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces everything inside `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

let counter = 0;
/** A document-unique id, for label/for and aria-describedby pairs. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled control with its help line and the slot where its errors appear. */
export interface Field {
  wrap: HTMLElement;
  control: Control;
  setError(messages: string[] | string | null): void;
}

export function field(label: string, control: Control, help?: string | null, extra?: Child): Field {
  control.id ||= uid('f');
  const helpEl = help ? h('p', { class: 'help', id: uid('help') }, help) : null;
  const error = h('div', { class: 'field-error', id: uid('err'), 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', [helpEl?.id, error.id].filter(Boolean).join(' '));
  const wrap = h('div', { class: 'form-group' }, h('label', { for: control.id }, label), control, extra, helpEl, error);
  return { wrap, control, setError: (messages) => setError(wrap, error, control, messages) };
}

/** A group of checkboxes or radios under one legend; errors go under the legend's group. */
export function fieldset(legend: string, body: Child, help?: string | null): { wrap: HTMLFieldSetElement; setError(m: string[] | string | null): void } {
  const error = h('div', { class: 'field-error', 'aria-live': 'polite' });
  const wrap = h('fieldset', { class: 'form-group' }, h('legend', null, legend), body, help ? h('p', { class: 'help' }, help) : null, error);
  return { wrap, setError: (messages) => setError(wrap, error, null, messages) };
}

function setError(wrap: HTMLElement, slot: HTMLElement, control: Control | null, messages: string[] | string | null): void {
  const list = messages === null ? [] : Array.isArray(messages) ? messages : [messages];
  fill(slot, ...list.map((m) => h('div', null, m)));
  wrap.classList.toggle('has-error', list.length > 0);
  if (control) {
    if (list.length > 0) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}

export function input(attrs: Attrs = {}): HTMLInputElement {
  return h('input', { type: 'text', class: 'form-control', ...attrs });
}

export function select(options: Array<[string, string]>, value?: string, attrs: Attrs = {}): HTMLSelectElement {
  const el = h('select', { class: 'form-control', ...attrs }, ...options.map(([v, label]) => h('option', { value: v }, label)));
  if (value !== undefined) el.value = value;
  return el;
}

export function button(label: Child, onClick: Handler, kind: 'primary' | 'secondary' | 'link' | 'danger' | 'variable' = 'secondary', attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: `btn btn-${kind}`, onclick: onClick, ...attrs }, label);
}

export function card(title: string, ...body: Child[]): HTMLElement {
  const id = uid('card');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { class: 'card-header', id }, title), h('div', { class: 'card-body' }, ...body));
}

export type AlertKind = 'success' | 'danger' | 'warning' | 'info';

export function alert(kind: AlertKind, ...body: Child[]): HTMLElement {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'danger' ? 'alert' : 'status' }, ...body);
}

/** Calls `fn` once input has been quiet for `ms`: live counts without a request per keystroke. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: number | undefined;
  const run = (...args: A) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
  return Object.assign(run, { cancel: () => window.clearTimeout(timer) });
}
