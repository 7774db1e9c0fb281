import type { ShopDb } from '../db';
import { applyCriterion, applyIdCondition, basePopulation, CompiledSegment, countryFilters, IdCondition, isOrderCriterion, orderConditions } from './compile';
import type { Segment } from './criteria';
import type { ShopClock } from './dates';

/**
 * The count's own query shape. The stream's query (compileSegment) starts from the customer table
 * because it pages in id_customer order; a count needs no order, so when a criterion says "has a
 * valid order in this window" (orders_count or orders_total that fail for 0, last_order,
 * has_ordered true) the count can start from that window's customers, one row each, and read
 * each one's customer row by primary key. Same criteria, same answer (count-paths.test.ts checks
 * it on both dialects); only the order of the work changes.
 *
 * `windowFirst` says whether to: only with the optional orders index (shop-facts.ts), which lets
 * the window be grouped from the index alone. Without it MariaDB grouped the window by reading
 * all 3M order rows in id_customer order (1M-customer demo, "last order within 3 months + group":
 * 4.2 s instead of 2.6 s customer-first).
 */
export function compileCount(db: ShopDb, clock: ShopClock, segment: Segment, windowFirst: boolean): CompiledSegment {
  const orderCriteria = segment.criteria.filter(isOrderCriterion);
  const conditions = orderCriteria.flatMap((c) => orderConditions(db, clock, c));
  const driver = windowFirst ? narrowest(conditions.filter((c) => !c.negated)) : undefined;
  const customers = basePopulation(driver ? fromWindow(db, driver) : db.knex({ c: db.shopTable('customer') }), segment);
  // Columns of the customer row first: they cost nothing once the row is read, and each order
  // condition left is a lookup per customer that reaches it.
  for (const criterion of segment.criteria) if (!isOrderCriterion(criterion)) applyCriterion(db, clock, customers, criterion);
  for (const condition of conditions) if (condition !== driver) applyIdCondition(customers, condition);
  return { customers, countryFilters: countryFilters(segment) };
}

/**
 * The window's customers joined to customer. `+ 0` keeps the window first on both dialects
 * without a hint: nothing can look an expression up, so the optimizer cannot start from customers
 * and probe the window (MariaDB 10.11 did, and then grouped the window through a temporary table:
 * 2.6 s instead of 0.7 s for its scan).
 */
function fromWindow(db: ShopDb, driver: IdCondition) {
  const window = driver.grouped ? driver.ids.clone() : driver.ids.clone().groupBy('o.id_customer');
  return db.knex.from(window.as('w')).join({ c: db.shopTable('customer') }, 'c.id_customer', db.knex.raw('?? + 0', ['w.id_customer']));
}

/** The condition reading the fewest orders: the latest window start (no start reads them all). */
function narrowest(candidates: IdCondition[]): IdCondition | undefined {
  const start = (c: IdCondition) => c.window.from ?? '';
  return candidates.reduce<IdCondition | undefined>((best, c) => (best === undefined || start(c) > start(best) ? c : best), undefined);
}
