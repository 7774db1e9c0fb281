import { z } from 'zod';
import { ShopcastError } from '../errors';
import { isCalendarDate } from './dates';
import { CriterionRef, invalidSegment, isIssueKey, IssueKey, segmentIssue, SegmentIssue } from './messages';

/**
 * The segment criteria JSON (DESIGN.md "Segment criteria"), validated with zod. Every leaf schema
 * carries a catalogue key as its error, so each problem becomes one FR/EN issue naming its
 * criterion. Parsing is pure; checking group and shop ids against the shop is checkReferences.
 */
const keyed = (key: IssueKey) => ({ error: key });
const bool = z.boolean(keyed('boolean_value'));
const age = z.int(keyed('age')).min(0, keyed('age')).max(150, keyed('age'));
const months = z.int(keyed('months')).min(1, keyed('months')).max(240, keyed('months'));
const date = z.string(keyed('date')).refine(isCalendarDate, keyed('date'));
const compare = z.enum(['>', '<', '='], keyed('op'));
const id = (key: IssueKey) => z.int(keyed(key)).min(1, keyed(key)).max(4294967295, keyed(key));
const amount = z
  .number(keyed('amount_value'))
  .min(0, keyed('amount_value'))
  .max(1e12, keyed('amount_value'))
  .refine((v) => Number(v.toFixed(6)) === v, keyed('amount_value'));

const flag = <F extends string>(field: F) => z.strictObject({ field: z.literal(field), value: bool });
const dateShapes = <F extends string>(field: F) => ({
  compare: z.strictObject({ field: z.literal(field), op: z.enum(['before', 'after'], keyed('op')), date }),
  between: z.strictObject({ field: z.literal(field), op: z.literal('between'), from: date, to: date }),
  within: z.strictObject({ field: z.literal(field), withinMonths: months }),
});
const registered = dateShapes('registered');
const lastOrder = dateShapes('last_order');

const shapes = {
  newsletter: flag('newsletter'),
  optin: flag('optin'),
  has_ordered: flag('has_ordered'),
  ageCompare: z.strictObject({ field: z.literal('age'), op: compare, value: age }),
  ageBetween: z.strictObject({ field: z.literal('age'), op: z.literal('between'), min: age, max: age }),
  gender: z.strictObject({ field: z.literal('gender'), value: z.enum(['male', 'female', 'any'], keyed('gender_value')) }),
  group: z.strictObject({ field: z.literal('group'), in: z.array(id('group_ids'), keyed('group_ids')).min(1, keyed('group_ids')).max(500, keyed('group_ids')) }),
  country: z.strictObject({
    field: z.literal('country'),
    in: z
      .array(z.string(keyed('country_codes')).regex(/^[A-Za-z]{2,3}$/, keyed('country_codes')).transform((s) => s.toUpperCase()), keyed('country_codes'))
      .min(1, keyed('country_codes'))
      .max(300, keyed('country_codes')),
  }),
  registeredCompare: registered.compare,
  registeredBetween: registered.between,
  registeredWithin: registered.within,
  lastOrderCompare: lastOrder.compare,
  lastOrderBetween: lastOrder.between,
  lastOrderWithin: lastOrder.within,
  ordersCount: z.strictObject({ field: z.literal('orders_count'), op: compare, value: z.int(keyed('count_value')).min(0, keyed('count_value')).max(1e6, keyed('count_value')), months }),
  ordersTotal: z.strictObject({ field: z.literal('orders_total'), op: compare, value: amount, months }),
  customerType: z.strictObject({ field: z.literal('customer_type'), value: z.enum(['business', 'individual'], keyed('customer_type_value')) }),
};

export type Criterion = z.infer<(typeof shapes)[keyof typeof shapes]>;
export type Field = Criterion['field'];
export type DateCondition = { op: 'before' | 'after'; date: string } | { op: 'between'; from: string; to: string } | { withinMonths: number };

export interface Segment {
  shops: number[];
  criteria: Criterion[];
}

const FIELDS: Field[] = [
  'newsletter', 'optin', 'age', 'gender', 'group', 'country', 'registered',
  'last_order', 'has_ordered', 'orders_count', 'orders_total', 'customer_type',
];

const top = z.strictObject(
  {
    shops: z.array(id('shops'), keyed('shops')).min(1, keyed('shops')).max(100, keyed('shops')),
    criteria: z.array(z.unknown(), keyed('criteria')).max(50, keyed('criteria')),
  },
  keyed('segment_object'),
);

/** The schema a criterion of this field is checked with; the op (or withinMonths) picks the variant. */
function shapeFor(field: Field, raw: Record<string, unknown>): z.ZodType<Criterion> {
  const between = raw.op === 'between';
  switch (field) {
    case 'age': return between ? shapes.ageBetween : shapes.ageCompare;
    case 'registered': return 'withinMonths' in raw ? shapes.registeredWithin : between ? shapes.registeredBetween : shapes.registeredCompare;
    case 'last_order': return 'withinMonths' in raw ? shapes.lastOrderWithin : between ? shapes.lastOrderBetween : shapes.lastOrderCompare;
    case 'orders_count': return shapes.ordersCount;
    case 'orders_total': return shapes.ordersTotal;
    case 'customer_type': return shapes.customerType;
    default: return shapes[field];
  }
}

const opChoices: Partial<Record<Field, string>> = {
  age: '>, <, =, between', registered: 'before, after, between', last_order: 'before, after, between',
  orders_count: '>, <, =', orders_total: '>, <, =',
};

function zodIssues(error: z.ZodError, base: string, ref: CriterionRef | undefined): SegmentIssue[] {
  return error.issues.map((i) => {
    const path = base + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    if (i.code === 'unrecognized_keys') return segmentIssue(path, 'unknown_keys', { keys: i.keys.join(', ') }, ref);
    const key: IssueKey = isIssueKey(i.message) ? i.message : 'criterion_object';
    const params = { name: String(i.path[0] ?? ''), allowed: (ref?.field && opChoices[ref.field as Field]) || '' };
    return segmentIssue(path, key, params, ref);
  });
}

function crossChecks(c: Criterion, path: string, ref: CriterionRef): SegmentIssue[] {
  if (c.field === 'age' && c.op === 'between' && c.min > c.max) return [segmentIssue(`${path}.min`, 'age_order', {}, ref)];
  if ((c.field === 'registered' || c.field === 'last_order') && 'from' in c && c.from > c.to) {
    return [segmentIssue(`${path}.from`, 'date_order', {}, ref)];
  }
  return [];
}

function parseCriterion(raw: unknown, index: number): { criterion?: Criterion; issues: SegmentIssue[] } {
  const path = `criteria[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { issues: [segmentIssue(path, 'criterion_object', {}, { index })] };
  const record = raw as Record<string, unknown>;
  const field = record.field;
  const allowed = FIELDS.join(', ');
  if (typeof field !== 'string') return { issues: [segmentIssue(`${path}.field`, 'field_missing', { allowed }, { index })] };
  if (!FIELDS.includes(field as Field)) {
    return { issues: [segmentIssue(`${path}.field`, 'field_unknown', { field: JSON.stringify(field.slice(0, 40)), allowed }, { index })] };
  }
  const ref = { index, field };
  const parsed = shapeFor(field as Field, record).safeParse(raw);
  if (!parsed.success) return { issues: zodIssues(parsed.error, path, ref) };
  return { criterion: parsed.data, issues: crossChecks(parsed.data, path, ref) };
}

/**
 * Validates a segment JSON. Throws invalid_input listing every problem (FR and EN, see
 * messages.ts); returns the typed segment, country codes upper-cased.
 */
export function parseSegment(input: unknown): Segment {
  const parsed = top.safeParse(input);
  if (!parsed.success) throw invalidSegment(zodIssues(parsed.error, '', undefined).map(stripLeadingDot));
  const results = parsed.data.criteria.map(parseCriterion);
  const issues = results.flatMap((r) => r.issues);
  if (issues.length) throw invalidSegment(issues);
  return { shops: parsed.data.shops, criteria: results.map((r) => r.criterion!) };
}

function stripLeadingDot(issue: SegmentIssue): SegmentIssue {
  return { ...issue, path: issue.path.replace(/^\./, '') };
}

const instant = z.iso.datetime({ offset: true });

/** An evaluation instant (`--at`, "at"): ISO-8601 with Z or an offset, never a bare local time. */
export function parseInstant(value: unknown, name: string): Date {
  if (!instant.safeParse(value).success) throw invalidSegment([segmentIssue(name, 'at', { name })]);
  return new Date(value as string);
}

/** Group and shop ids the shop really has; unknown ones are reported like any other bad value. */
export interface KnownIds {
  shops: Set<number>;
  groups: Set<number>;
}

export function checkReferences(segment: Segment, known: KnownIds): void {
  const issues: SegmentIssue[] = [];
  segment.shops.forEach((shop, i) => {
    if (!known.shops.has(shop)) issues.push(segmentIssue(`shops[${i}]`, 'shop_unknown', { id: shop }));
  });
  segment.criteria.forEach((c, index) => {
    if (c.field !== 'group') return;
    c.in.forEach((group, i) => {
      if (!known.groups.has(group)) issues.push(segmentIssue(`criteria[${index}].in[${i}]`, 'group_unknown', { id: group }, { index, field: 'group' }));
    });
  });
  if (issues.length) throw invalidSegment(issues);
}

/** A token limited to some shops (empty = all) may only segment those: unauthorized otherwise. */
export function checkShopAccess(segment: Segment, allowed: number[]): void {
  if (allowed.length === 0) return;
  const issues = segment.shops.flatMap((shop, i) => (allowed.includes(shop) ? [] : [segmentIssue(`shops[${i}]`, 'shop_forbidden', { id: shop })]));
  if (issues.length) {
    // Same code as auth's assertShopAllowed: a shop outside the token is an authorisation matter.
    const id = issues[0].params.id;
    throw new ShopcastError('unauthorized', { en: `this token may not act on shop ${id}`, fr: `ce jeton ne peut pas agir sur la boutique ${id}` }, { id_shop: id }, issues);
  }
}
