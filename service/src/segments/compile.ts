import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import type { Criterion, DateCondition, Segment } from './criteria';
import { birthdayRange, dayRange, lastMonths, ShopClock, WallRange } from './dates';

/**
 * Criteria -> one SQL query over the shop's tables, identical on MySQL/MariaDB and SQLite. Every
 * value is a bound parameter; the only SQL text chosen from input is an operator picked from a
 * fixed table. Dates are computed in TypeScript (dates.ts) and compared to the raw columns, so
 * PrestaShop's indexes (orders.date_add, orders.id_customer, customer PK) serve the ranges.
 *
 * The result is `FROM customer AS c WHERE ...` without a select list: callers add the columns
 * they need. country is the one criterion not applied here: it concerns the chosen phone number,
 * so recipients.ts applies it to the customer-phone join (see countryFilters). Counts use a shape
 * of their own built from the same pieces (count.ts: basePopulation, applyCriterion and the order
 * criteria as IdConditions).
 */
export interface CompiledSegment {
  customers: Knex.QueryBuilder;
  /** each inner list is one country criterion (ISO codes, any of); all must hold */
  countryFilters: string[][];
}

type Compare = '>' | '<' | '=';
const sqlOperator: Record<Compare, string> = { '>': '>', '<': '<', '=': '=' };
const negation: Record<Compare, string> = { '>': '<=', '<': '>=', '=': '<>' };

function holds(actual: number, op: Compare, value: number): boolean {
  return op === '>' ? actual > value : op === '<' ? actual < value : actual === value;
}

export function compileSegment(db: ShopDb, clock: ShopClock, segment: Segment): CompiledSegment {
  const customers = basePopulation(db.knex({ c: db.shopTable('customer') }), segment);
  for (const criterion of segment.criteria) applyCriterion(db, clock, customers, criterion);
  return { customers, countryFilters: countryFilters(segment) };
}

export function basePopulation(q: Knex.QueryBuilder, segment: Segment): Knex.QueryBuilder {
  return q.where('c.deleted', 0).where('c.active', 1).whereIn('c.id_shop', segment.shops);
}

export function countryFilters(segment: Segment): string[][] {
  return segment.criteria.flatMap((c) => (c.field === 'country' ? [c.in] : []));
}

export function applyCriterion(db: ShopDb, clock: ShopClock, q: Knex.QueryBuilder, c: Criterion): void {
  switch (c.field) {
    case 'newsletter':
    case 'optin':
      q.where(`c.${c.field}`, c.value ? 1 : 0);
      return;
    case 'age':
      applyAge(q, c.op === 'between' ? birthdayRange(clock, c.min, c.max) : ageRange(clock, c.op, c.value));
      return;
    case 'gender':
      if (c.value !== 'any') q.whereIn('c.id_gender', db.knex(db.shopTable('gender')).select('id_gender').where('type', c.value === 'male' ? 0 : 1));
      return;
    case 'group':
      q.whereIn('c.id_customer', db.knex(db.shopTable('customer_group')).select('id_customer').whereIn('id_group', c.in));
      return;
    case 'registered':
      whereInRange(q, 'c.date_add', dateConditionRange(clock, c));
      return;
    case 'customer_type':
      if (c.value === 'business') q.whereRaw("(TRIM(COALESCE(c.company, '')) <> '' OR TRIM(COALESCE(c.siret, '')) <> '')");
      else q.whereRaw("(TRIM(COALESCE(c.company, '')) = '' AND TRIM(COALESCE(c.siret, '')) = '')");
      return;
    case 'country':
      return;
    default:
      applyOrderCriterion(db, clock, q, c);
  }
}

type OrderCriterion = Extract<Criterion, { field: 'last_order' | 'has_ordered' | 'orders_count' | 'orders_total' }>;

export function isOrderCriterion(c: Criterion): c is OrderCriterion {
  return c.field === 'last_order' || c.field === 'has_ordered' || c.field === 'orders_count' || c.field === 'orders_total';
}

/**
 * An order criterion as conditions on c.id_customer: in (or, negated, not in) a set of ids read
 * from the orders table. `window` is the date range those orders are read from and `grouped`
 * says the set already has one row per customer (GROUP BY): count.ts drives a count from a
 * non-negated set, and needs both to choose one and to make its rows distinct.
 */
export interface IdCondition {
  negated: boolean;
  ids: Knex.QueryBuilder;
  window: WallRange;
  grouped: boolean;
}

function applyOrderCriterion(db: ShopDb, clock: ShopClock, q: Knex.QueryBuilder, c: OrderCriterion): void {
  for (const condition of orderConditions(db, clock, c)) applyIdCondition(q, condition);
}

export function applyIdCondition(q: Knex.QueryBuilder, condition: IdCondition): void {
  if (condition.negated) q.whereNotIn('c.id_customer', condition.ids);
  else q.whereIn('c.id_customer', condition.ids);
}

export function orderConditions(db: ShopDb, clock: ShopClock, c: OrderCriterion): IdCondition[] {
  switch (c.field) {
    case 'last_order':
      return lastOrderConditions(db, dateConditionRange(clock, c));
    case 'has_ordered':
      return [anyOrder(db, !c.value, {})];
    case 'orders_count':
      return [orderCount(db, c.op, c.value, lastMonths(clock, c.months))];
    case 'orders_total':
      // Each order converted with its own rate; ROUND(..., 6) makes MySQL's exact DECIMAL and
      // SQLite's binary floats agree (110 / 1.1 is 100.00000000000001 in a double). The * 1.0
      // keeps SQLite from integer division (its NUMERIC columns store 100.000000 as 100); on
      // MySQL it only adds a decimal place to an exact DECIMAL.
      return [aggregate(db, 'ROUND(SUM(o.total_paid_tax_incl * 1.0 / o.conversion_rate), 6)', c.op, c.value, lastMonths(clock, c.months))];
  }
}

function ageRange(clock: ShopClock, op: Compare, value: number): WallRange {
  if (op === '>') return birthdayRange(clock, value + 1, undefined);
  if (op === '<') return birthdayRange(clock, undefined, value - 1);
  return birthdayRange(clock, value, value);
}

/** NULL, '0000-00-00' and dates with a 00 month or day never match, whatever the operator. */
function applyAge(q: Knex.QueryBuilder, range: WallRange): void {
  q.whereNotNull('c.birthday').whereRaw("c.birthday NOT LIKE '%-00%'");
  whereInRange(q, 'c.birthday', range);
}

export function dateConditionRange(clock: ShopClock, c: DateCondition): WallRange {
  if ('withinMonths' in c) return lastMonths(clock, c.withinMonths);
  return c.op === 'between' ? dayRange('between', c.from, c.to) : dayRange(c.op, c.date);
}

function whereInRange(q: Knex.QueryBuilder, column: string, range: WallRange): Knex.QueryBuilder {
  if (range.from !== undefined) q.where(column, '>=', range.from);
  if (range.to !== undefined) q.where(column, '<', range.to);
  return q;
}

function validOrders(db: ShopDb, range: WallRange = {}): Knex.QueryBuilder {
  return whereInRange(db.knex({ o: db.shopTable('orders') }).select('o.id_customer').where('o.valid', 1), 'o.date_add', range);
}

function anyOrder(db: ShopDb, negated: boolean, window: WallRange): IdCondition {
  return { negated, ids: validOrders(db, window), window, grouped: false };
}

/**
 * "The latest valid order falls in [from, to)" as two range scans on orders.date_add instead of a
 * MAX(date_add) per customer over all orders: a valid order in the range, and none at or after
 * its end.
 */
function lastOrderConditions(db: ShopDb, range: WallRange): IdCondition[] {
  const inRange = anyOrder(db, false, range);
  return range.to === undefined ? [inRange] : [inRange, anyOrder(db, true, { from: range.to })];
}

/** The comparison's answer for every count from 1 up, when it is the same for all ("> 0", "= 0", "< 1"). */
function sameForAnyOrder(op: Compare, value: number): boolean | undefined {
  if (op === '>') return value < 1 ? true : undefined;
  if (op === '=') return value === 0 ? false : undefined;
  return value <= 1 ? false : undefined;
}

/**
 * "At least one order in the window" in disguise needs no grouping: a plain IN / NOT IN over the
 * window's valid orders (1M-customer demo, "no order in 12 months": 1.07 s instead of 1.63 s).
 */
function orderCount(db: ShopDb, op: Compare, value: number, window: WallRange): IdCondition {
  const any = sameForAnyOrder(op, value);
  if (any === undefined || any === holds(0, op, value)) return aggregate(db, 'COUNT(*)', op, value, window);
  return anyOrder(db, !any, window);
}

/**
 * A per-customer aggregate of valid orders in a window compared to a value, where a customer
 * without such orders has the aggregate 0. When the comparison holds for 0, keep everyone except
 * the customers whose orders make it fail (NOT IN); otherwise keep the customers whose orders make
 * it hold (IN). Both subqueries group only the window's orders, never the customer table.
 */
function aggregate(db: ShopDb, sql: string, op: Compare, value: number, window: WallRange): IdCondition {
  const grouped = validOrders(db, window).groupBy('o.id_customer');
  const negated = holds(0, op, value);
  const having = negated ? grouped.havingRaw(`${sql} ${negation[op]} ?`, [value]) : grouped.havingRaw(`${sql} ${sqlOperator[op]} ?`, [value]);
  return { negated, ids: having, window, grouped: true };
}
