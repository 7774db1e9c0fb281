import type { Criterion, Field as CriterionField } from '../../../service/src/segments/criteria';
import type { ShopOptions } from '../../../service/src/shop/options';
import { t, type MessageKey } from '../i18n';
import { button, fieldset, fill, h, input, select, uid, type Child } from '../ui/dom';
import type { ErrorSlot } from '../ui/issues';

/**
 * The recipient selection (seed 5.1): the shops, then rows of criteria that must all hold, each
 * with the controls of DESIGN's criteria JSON (the seed's sign + value + period for orders
 * count and total). Rows can be added and removed; `read` gives the segment JSON, or null after
 * marking the rows that are incomplete; `state` what was set, even incomplete, so the builder can
 * be rebuilt in the other language.
 */
export type { ShopOptions };

export interface Segment {
  shops: number[];
  criteria: Criterion[];
}

export interface CriteriaBuilder {
  element: HTMLElement;
  /** `insist`: mark every incomplete row (before an action); otherwise only rows the merchant has filled in */
  read(insist?: boolean): Segment | null;
  /** error slots by issue path: "shops", "criteria[0]", ... */
  slots(): Record<string, ErrorSlot>;
  state(): CriteriaState;
}

/** Each row's criterion and its controls' values in document order (a checkbox gives whether it is ticked). */
export interface CriteriaState {
  shops: string[];
  rows: Array<{ field: CriterionField; values: Array<string | boolean>; touched: boolean }>;
}
type RowState = CriteriaState['rows'][number];

const FIELDS: CriterionField[] = ['newsletter', 'optin', 'age', 'gender', 'group', 'country', 'registered', 'last_order', 'has_ordered', 'orders_count', 'orders_total', 'customer_type'];
const MONTHS = [1, 2, 3, 6, 9, 12, 18, 24, 36];

type Reader = () => Criterion | string;
interface Row {
  element: HTMLElement;
  read: Reader;
  slot: ErrorSlot;
  /** the merchant has changed one of its values: a missing one is then worth saying */
  touched: boolean;
  state(): RowState;
}

const controlsIn = (el: HTMLElement) => Array.from(el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'));
const valueOf = (el: HTMLInputElement | HTMLSelectElement) => (el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value);

/** Puts saved values back; the selects then announce their value, so each row takes its shape (two ages for "between"...). */
function restoreControls(el: HTMLElement, values: RowState['values']): void {
  const controls = controlsIn(el);
  controls.forEach((c, i) => {
    if (c instanceof HTMLInputElement && c.type === 'checkbox') c.checked = values[i] === true;
    else if (typeof values[i] === 'string') c.value = values[i] as string;
  });
  controls.filter((c) => c instanceof HTMLSelectElement).forEach((c) => c.dispatchEvent(new Event('change', { bubbles: true })));
}

const labelled = (text: string, control: HTMLElement): HTMLElement => {
  control.id ||= uid('c');
  return h('div', { class: 'crit-control' }, h('label', { for: control.id }, text), control);
};
/** A group of checkboxes under a visible name, which is also the group's accessible name. */
const labelledGroup = (text: string, group: HTMLElement): HTMLElement => {
  const id = uid('g');
  group.removeAttribute('aria-label');
  group.setAttribute('aria-labelledby', id);
  return h('div', { class: 'crit-control' }, h('span', { class: 'crit-label', id }, text), group);
};
const num = (attrs: Record<string, string> = {}) => input({ type: 'number', class: 'form-control narrow', ...attrs });
const yesNo = () => select([['true', t('common.yes')], ['false', t('common.no')]]);
const compare = (between = false) => select([['>', '>'], ['<', '<'], ['=', '='], ...(between ? [['between', t('crit.between')] as [string, string]] : [])]);
const months = () => select(MONTHS.map((m) => [String(m), t('crit.months', { n: m })]), '12');
const whole = (el: HTMLInputElement) => (/^\d+$/.test(el.value.trim()) ? Number(el.value) : NaN);

function checkList(items: Array<[string, string]>, label: string): { element: HTMLElement; values(): string[] } {
  const boxes = items.map(([value, text]) => {
    const box = h('input', { type: 'checkbox', value });
    return { box, label: h('label', { class: 'check' }, box, ' ', text) };
  });
  return { element: h('div', { class: 'checks scroll', role: 'group', 'aria-label': label }, ...boxes.map((b) => b.label)), values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
}

/** The controls of one criterion and how to read them. */
function controlsFor(field: CriterionField, options: ShopOptions): { controls: Child[]; read: Reader } {
  switch (field) {
    case 'newsletter':
    case 'optin':
    case 'has_ordered': {
      const v = yesNo();
      return { controls: [labelled(t('crit.value'), v)], read: () => ({ field, value: v.value === 'true' }) };
    }
    case 'gender': {
      const v = select([['female', t('crit.female')], ['male', t('crit.male')], ['any', t('crit.anyGender')]]);
      return { controls: [labelled(t('crit.value'), v)], read: () => ({ field, value: v.value as 'male' | 'female' | 'any' }) };
    }
    case 'customer_type': {
      const v = select([['business', t('crit.business')], ['individual', t('crit.individual')]]);
      return { controls: [labelled(t('crit.value'), v)], read: () => ({ field, value: v.value as 'business' | 'individual' }) };
    }
    case 'age': {
      const op = compare(true);
      const value = num({ min: '0', max: '150' });
      const min = num({ min: '0', max: '150' });
      const max = num({ min: '0', max: '150' });
      const one = labelled(t('crit.years'), value);
      const two = h('div', { class: 'crit-control-group', hidden: true }, labelled(t('crit.min'), min), labelled(t('crit.max'), max));
      op.addEventListener('change', () => {
        one.hidden = op.value === 'between';
        two.hidden = op.value !== 'between';
      });
      return {
        controls: [labelled(t('crit.sign'), op), one, two],
        read: () => {
          if (op.value === 'between') return Number.isNaN(whole(min)) || Number.isNaN(whole(max)) ? t('crit.needAges') : { field, op: 'between', min: whole(min), max: whole(max) };
          return Number.isNaN(whole(value)) ? t('crit.needAge') : { field, op: op.value as '>' | '<' | '=', value: whole(value) };
        },
      };
    }
    case 'group':
    case 'country': {
      const label = field === 'group' ? t('crit.group') : t('crit.country');
      const list = checkList(field === 'group' ? options.groups.map((g) => [String(g.id), g.name]) : options.countries.map((c) => [c.iso, c.name]), label);
      const read: Reader = () => {
        const values = list.values();
        if (values.length === 0) return t('crit.needOne');
        return field === 'group' ? { field, in: values.map(Number) } : { field, in: values };
      };
      return { controls: [labelledGroup(label, list.element)], read };
    }
    case 'registered':
    case 'last_order':
      return dateControls(field);
    case 'orders_count':
    case 'orders_total': {
      const op = compare();
      const value = num(field === 'orders_count' ? { min: '0', step: '1' } : { min: '0', step: '0.01', inputmode: 'decimal' });
      const period = months();
      const valueLabel = field === 'orders_count' ? t('crit.ordersNumber') : t('crit.amount', { currency: options.currency });
      return {
        controls: [labelled(t('crit.sign'), op), labelled(valueLabel, value), labelled(t('crit.since'), period)],
        read: () => {
          const raw = value.value.trim().replace(',', '.');
          const n = field === 'orders_count' ? whole(value) : /^\d+(\.\d{1,6})?$/.test(raw) ? Number(raw) : NaN;
          if (Number.isNaN(n)) return t('crit.needNumber');
          return { field, op: op.value as '>' | '<' | '=', value: n, months: Number(period.value) };
        },
      };
    }
  }
}

function dateControls(field: 'registered' | 'last_order'): { controls: Child[]; read: Reader } {
  const mode = select([['within', t('crit.within')], ['before', t('crit.before')], ['after', t('crit.after')], ['between', t('crit.between')]]);
  const period = months();
  const date = input({ type: 'date', class: 'form-control narrow' });
  const from = input({ type: 'date', class: 'form-control narrow' });
  const to = input({ type: 'date', class: 'form-control narrow' });
  const parts = { within: labelled(t('crit.period'), period), single: labelled(t('crit.date'), date), range: h('div', { class: 'crit-control-group' }, labelled(t('crit.from'), from), labelled(t('crit.to'), to)) };
  const sync = () => {
    parts.within.hidden = mode.value !== 'within';
    parts.single.hidden = mode.value !== 'before' && mode.value !== 'after';
    parts.range.hidden = mode.value !== 'between';
  };
  mode.addEventListener('change', sync);
  sync();
  return {
    controls: [labelled(t('crit.when'), mode), parts.within, parts.single, parts.range],
    read: () => {
      if (mode.value === 'within') return { field, withinMonths: Number(period.value) } as Criterion;
      if (mode.value === 'between') return from.value && to.value ? ({ field, op: 'between', from: from.value, to: to.value } as Criterion) : t('crit.needDates');
      return date.value ? ({ field, op: mode.value as 'before' | 'after', date: date.value } as Criterion) : t('crit.needDate');
    },
  };
}

export function criteriaBuilder(options: ShopOptions, onChange: () => void, initial?: CriteriaState): CriteriaBuilder {
  const shops = checkList(options.shops.map((s) => [String(s.id), s.name]), t('crit.shops'));
  shops.element.querySelectorAll('input').forEach((box) => (box.checked = initial ? initial.shops.includes(box.value) : true));
  const shopSet = fieldset(t('crit.shops'), shops.element);
  const list = h('div', { class: 'criteria' });
  let rows: Row[] = [];

  /** A new row focuses its criterion list; a restored one (`saved`) keeps its values and leaves the focus alone. */
  const addRow = (field: CriterionField, saved?: RowState) => {
    const choose = select(FIELDS.map((f) => [f, t(`crit.field.${f}` as MessageKey)]), field, { class: 'form-control crit-field' });
    const controls = h('div', { class: 'crit-controls' });
    const error = h('div', { class: 'field-error', 'aria-live': 'polite' });
    const element = h('div', { class: 'crit-row' });
    const row: Row = {
      element,
      read: () => t('crit.needValue'),
      touched: false,
      state: () => ({ field: choose.value as CriterionField, values: controlsIn(controls).map(valueOf), touched: row.touched }),
      slot: {
        setError: (m) => {
          fill(error, ...(m === null ? [] : Array.isArray(m) ? m : [m]).map((x) => h('div', null, x)));
          element.classList.toggle('has-error', m !== null && m.length > 0);
        },
      },
    };
    const build = () => {
      const made = controlsFor(choose.value as CriterionField, options);
      fill(controls, ...made.controls);
      row.read = made.read;
    };
    choose.addEventListener('change', () => {
      row.touched = false;
      build();
    });
    controls.addEventListener('change', () => (row.touched = true));
    build();
    const remove = button('×', () => {
      rows = rows.filter((r) => r !== row);
      element.remove();
      onChange();
    }, 'link', { class: 'btn btn-link remove', 'aria-label': t('crit.remove'), title: t('crit.remove') });
    fill(element, h('div', { class: 'crit-main' }, labelled(t('crit.criterion'), choose), controls, remove), error);
    rows.push(row);
    list.appendChild(element);
    if (!saved) return choose.focus();
    restoreControls(controls, saved.values);
    row.touched = saved.touched;
  };
  const add = button(t('crit.add'), () => {
    const used = new Set(rows.map((r) => (r.element.querySelector('.crit-field') as HTMLSelectElement).value));
    addRow(FIELDS.find((f) => !used.has(f)) ?? 'newsletter');
    onChange();
  }, 'secondary', { class: 'btn btn-secondary add-criterion' });

  const element = h('div', { class: 'criteria-builder' }, shopSet.wrap, h('p', { class: 'help' }, t('crit.allMustHold')), list, add);
  // Restored before listening: rebuilding what was there is not a change to count.
  initial?.rows.forEach((r) => addRow(r.field, r));
  element.addEventListener('input', onChange);
  element.addEventListener('change', onChange);

  return {
    element,
    slots: () => ({ shops: shopSet, ...Object.fromEntries(rows.map((r, i) => [`criteria[${i}]`, r.slot])) }),
    state: () => ({ shops: shops.values(), rows: rows.map((r) => r.state()) }),
    read(insist = false) {
      const chosenShops = shops.values().map(Number);
      shopSet.setError(chosenShops.length ? null : t('crit.needShop'));
      const read = rows.map((r) => r.read());
      rows.forEach((r, i) => r.slot.setError(typeof read[i] === 'string' && (insist || r.touched) ? (read[i] as string) : null));
      if (!chosenShops.length || read.some((c) => typeof c === 'string')) return null;
      return { shops: chosenShops, criteria: read as Criterion[] };
    },
  };
}
