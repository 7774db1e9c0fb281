import { addressAt, type AddressInfo } from './addresses';
import { DAY, MINUTE, formatDateTime } from './clock';
import type { CustomerDraft } from './customers';
import { PAYMENT, intendedState, methodFor, schedule, statePath, type Method } from './order-states';
import type { Rng } from './random';
import { CURRENCY, LANG, SHOP, STATE, isLogable, isPaid, isShipped, type CountryIso, type Row } from './reference-data';

/** Rows are appended to these arrays, which the generator flushes chunk by chunk. */
export interface OrderRows {
  orders: Row[];
  order_history: Row[];
  order_carrier: Row[];
}

/** The last id handed out per table; ids are explicit so both dialects get the same rows. */
export interface IdCounters {
  address: number;
  order: number;
  history: number;
  carrier: number;
}

/**
 * Orders per customer: guests buy once or twice, a quarter of registered customers never buy,
 * and buyers follow a mix of two geometric laws (most buy a few times, one in five buys often),
 * which averages about 3 orders per customer with a long tail.
 */
export function orderCount(rng: Rng, isGuest: boolean): number {
  if (isGuest) return rng.chance(0.9) ? 1 : 2;
  if (rng.chance(0.25)) return 0;
  const mean = rng.chance(0.8) ? 2.3 : 13;
  return Math.min(80, 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / mean)));
}

/** Order dates between `from` and `now`, sorted; most buyers order soon after signing up. */
export function orderTimes(rng: Rng, count: number, from: number, now: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(from + rng.next() * (now - from));
  if (count > 0 && rng.chance(0.6)) times[0] = Math.min(now, from + rng.next() * 90 * MINUTE);
  return times.sort((a, b) => a - b);
}

const VAT: Record<CountryIso, number> = { FR: 0.2, BE: 0.21, CH: 0.081, LU: 0.17 };
const CARRIERS = [[1, 5], [2, 50], [3, 20], [4, 25]] as const;
// Back-office steps are an employee's; the others come from payment modules and carriers.
const BY_EMPLOYEE = new Set<number>([STATE.PREPARATION, STATE.SHIPPING, STATE.CANCELED, STATE.REFUND]);

interface OrderPlan {
  id: number;
  customer: CustomerDraft;
  delivery: AddressInfo;
  invoice: AddressInfo;
  method: Method;
  steps: Array<[state: number, at: number]>;
  carrier: number;
  createdAt: number;
}

/** Appends one order, its state history and its carrier row. */
export function addOrder(rng: Rng, out: OrderRows, ids: IdCounters, customer: CustomerDraft, addresses: AddressInfo[], createdAt: number, now: number): void {
  const delivery = addressAt(rng, addresses, createdAt);
  const invoice = rng.chance(0.85) ? delivery : addressAt(rng, addresses, createdAt);
  const finalState = intendedState(rng, now - createdAt);
  const method = methodFor(rng, finalState);
  const steps = schedule(rng, statePath(rng, finalState, method), createdAt, now);
  const plan: OrderPlan = { id: ++ids.order, customer, delivery, invoice, method, steps, carrier: rng.weighted(CARRIERS), createdAt };
  out.orders.push(orderRow(rng, plan));
  for (const [state, at] of steps) {
    out.order_history.push({ id_order_history: ++ids.history, id_employee: BY_EMPLOYEE.has(state) ? 1 : 0, id_order: plan.id, id_order_state: state, date_add: formatDateTime(at) });
  }
  const tracking = trackingNumber(rng, plan.carrier, steps.some(([state]) => isShipped(state)));
  out.order_carrier.push({ id_order_carrier: ++ids.carrier, id_order: plan.id, id_carrier: plan.carrier, tracking_number: tracking, date_add: formatDateTime(createdAt) });
}

function orderRow(rng: Rng, plan: OrderPlan): Row {
  const { customer, steps } = plan;
  const current = steps[steps.length - 1][0];
  const paidAt = steps.find(([state]) => isPaid(state))?.[1];
  const money = amounts(rng, plan.delivery.country, customer.row.id_shop as number, plan.createdAt);
  return {
    id_order: plan.id,
    reference: rng.letters(9),
    id_shop_group: 1,
    id_shop: customer.row.id_shop,
    id_carrier: plan.carrier,
    id_lang: customer.row.id_lang ?? LANG.FR,
    id_customer: customer.id,
    id_cart: plan.id,
    id_currency: money.currency,
    id_address_delivery: plan.delivery.id,
    id_address_invoice: plan.invoice.id,
    current_state: current,
    payment: PAYMENT[plan.method].payment,
    conversion_rate: money.rate,
    module: PAYMENT[plan.method].module,
    total_paid: money.incl,
    total_paid_tax_incl: money.incl,
    total_paid_tax_excl: money.excl,
    total_paid_real: paidAt === undefined ? '0.00' : money.incl,
    invoice_date: paidAt === undefined ? '0000-00-00 00:00:00' : formatDateTime(paidAt),
    valid: isLogable(current) ? 1 : 0,
    date_add: formatDateTime(plan.createdAt),
  };
}

/**
 * Totals in the order's currency. Swiss-shop orders delivered in Switzerland are mostly paid in
 * CHF; conversion_rate is CHF per EUR on the order date (it drifts between 0.92 and 0.99), so
 * total / conversion_rate is the amount in EUR, the default currency.
 */
function amounts(rng: Rng, country: CountryIso, shop: number, at: number) {
  const eur = Math.max(4.9, Math.exp(rng.normal(Math.log(52), 0.75)));
  const inChf = shop === SHOP.SWISS && country === 'CH' && rng.chance(0.8);
  const days = at / DAY;
  const rate = inChf ? 0.955 + 0.025 * Math.sin(days / 97) + 0.007 * Math.sin(days / 13) : 1;
  const incl = Math.round(eur * rate * 100) / 100;
  const excl = Math.round((incl / (1 + VAT[country])) * 100) / 100;
  return { currency: inChf ? CURRENCY.CHF : CURRENCY.EUR, rate: rate.toFixed(6), incl: incl.toFixed(2), excl: excl.toFixed(2) };
}

/** Colissimo, Chronopost and Mondial Relay formats; store pickup (carrier 1) has none. */
function trackingNumber(rng: Rng, carrier: number, shipped: boolean): string | null {
  if (!shipped || carrier === 1) return rng.chance(0.05) ? null : '';
  if (rng.chance(0.08)) return '';
  if (carrier === 2) return `6A${rng.digits(11)}`;
  if (carrier === 3) return `X${rng.letters(1)}${rng.digits(9)}FR`;
  return rng.digits(8);
}
