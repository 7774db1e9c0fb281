import { DAY, HOUR, MINUTE } from './clock';
import type { Rng } from './random';
import { STATE } from './reference-data';

/**
 * The life of an order: the state it should end in (by age), a payment method that can lead
 * there, the states it passes through, and when. Paths follow PrestaShop's usual flows: awaiting
 * payment -> payment accepted -> processing -> shipped -> delivered, with cancellations, refunds,
 * payment errors and backorders on the side.
 */
export type Method = 'card' | 'paypal' | 'wire' | 'check' | 'cod';

export const PAYMENT: Record<Method, { payment: string; module: string }> = {
  card: { payment: 'Carte bancaire', module: 'stripe_official' },
  paypal: { payment: 'PayPal', module: 'paypal' },
  wire: { payment: 'Virement bancaire', module: 'ps_wirepayment' },
  check: { payment: 'Chèque', module: 'ps_checkpayment' },
  cod: { payment: 'Paiement à la livraison', module: 'ps_cashondelivery' },
};

const S = STATE;
const METHODS: ReadonlyArray<readonly [Method, number, ReadonlySet<number>]> = [
  ['card', 50, new Set([S.PAYMENT, S.PREPARATION, S.SHIPPING, S.DELIVERED, S.CANCELED, S.REFUND, S.ERROR, S.OUTOFSTOCK_PAID, S.WS_PAYMENT])],
  ['paypal', 20, new Set([S.PAYMENT, S.PREPARATION, S.SHIPPING, S.DELIVERED, S.CANCELED, S.REFUND, S.ERROR, S.OUTOFSTOCK_PAID])],
  ['wire', 15, new Set([S.BANKWIRE, S.OUTOFSTOCK_UNPAID, S.PAYMENT, S.PREPARATION, S.SHIPPING, S.DELIVERED, S.CANCELED, S.REFUND])],
  ['check', 5, new Set([S.CHEQUE, S.OUTOFSTOCK_UNPAID, S.PAYMENT, S.PREPARATION, S.SHIPPING, S.DELIVERED, S.CANCELED, S.REFUND])],
  ['cod', 10, new Set([S.COD_VALIDATION, S.PREPARATION, S.SHIPPING, S.DELIVERED, S.CANCELED])],
];

type Weights = ReadonlyArray<readonly [number, number]>;
const FRESH: Weights = [[S.BANKWIRE, 12], [S.CHEQUE, 3], [S.COD_VALIDATION, 3], [S.PAYMENT, 30], [S.PREPARATION, 22], [S.WS_PAYMENT, 8], [S.ERROR, 4], [S.OUTOFSTOCK_UNPAID, 2], [S.OUTOFSTOCK_PAID, 3], [S.CANCELED, 2], [S.SHIPPING, 11]];
const RECENT: Weights = [[S.SHIPPING, 35], [S.DELIVERED, 30], [S.PREPARATION, 8], [S.BANKWIRE, 5], [S.CANCELED, 6], [S.ERROR, 3], [S.OUTOFSTOCK_PAID, 3], [S.OUTOFSTOCK_UNPAID, 2], [S.PAYMENT, 5], [S.COD_VALIDATION, 2], [S.CHEQUE, 1]];
const SETTLED: Weights = [[S.DELIVERED, 78], [S.SHIPPING, 3], [S.CANCELED, 8], [S.REFUND, 4], [S.ERROR, 3], [S.BANKWIRE, 2], [S.CHEQUE, 1], [S.OUTOFSTOCK_UNPAID, 1]];

/** The state an order of this age most likely rests in. */
export function intendedState(rng: Rng, ageMs: number): number {
  if (ageMs < 2 * DAY) return rng.weighted(FRESH);
  if (ageMs < 10 * DAY) return rng.weighted(RECENT);
  return rng.weighted(SETTLED);
}

export function methodFor(rng: Rng, finalState: number): Method {
  return rng.weighted(METHODS.filter(([, , finals]) => finals.has(finalState)).map(([m, w]) => [m, w] as const));
}

// States an order enters at creation and stays in when it ends there.
const FIRST_AND_LAST = new Set<number>([S.ERROR, S.OUTOFSTOCK_PAID, S.OUTOFSTOCK_UNPAID, S.WS_PAYMENT]);
const FULFILMENT = [S.PREPARATION, S.SHIPPING, S.DELIVERED];
const AWAITING: Partial<Record<Method, number>> = { wire: S.BANKWIRE, check: S.CHEQUE, cod: S.COD_VALIDATION };

/** The states an order goes through to reach finalState with this method, in order. */
export function statePath(rng: Rng, finalState: number, method: Method): number[] {
  const awaiting = AWAITING[method];
  const waited = awaiting === undefined ? [] : [awaiting];
  if (finalState === awaiting || FIRST_AND_LAST.has(finalState)) return [finalState];
  if (finalState === S.PAYMENT) return [...waited, S.PAYMENT];
  const paid = method === 'cod' ? waited : [...waited, paidState(rng, method)];
  switch (finalState) {
    case S.PREPARATION:
      return [...paid, S.PREPARATION];
    case S.SHIPPING:
      return [...paid, S.PREPARATION, S.SHIPPING];
    case S.DELIVERED:
      return [...paid, ...FULFILMENT];
    case S.CANCELED:
      return awaiting !== undefined && rng.chance(0.7) ? [awaiting, S.CANCELED] : [...paid, S.CANCELED];
    default:
      return rng.chance(0.7) ? [...paid, ...FULFILMENT, S.REFUND] : [...paid, S.REFUND];
  }
}

function paidState(rng: Rng, method: Method): number {
  if (method === 'card' && rng.chance(0.3)) return S.WS_PAYMENT;
  return rng.chance(0.04) ? S.OUTOFSTOCK_PAID : S.PAYMENT;
}

/** How long after reaching `from` an order moves on to `to`, in milliseconds. */
function delay(rng: Rng, from: number, to: number): number {
  const [min, max] = delayRange(from, to);
  return min + rng.next() * (max - min);
}

function delayRange(from: number, to: number): [number, number] {
  if (to === S.CANCELED) return [HOUR, 10 * DAY];
  if (to === S.REFUND) return [3 * DAY, 40 * DAY];
  if (from === S.OUTOFSTOCK_PAID) return [3 * DAY, 20 * DAY];
  if (from === S.BANKWIRE || from === S.CHEQUE || from === S.COD_VALIDATION) return [2 * HOUR, 5 * DAY];
  if (to === S.SHIPPING) return [3 * HOUR, 3 * DAY];
  if (to === S.DELIVERED) return [DAY, 5 * DAY];
  return [10 * MINUTE, 2 * DAY];
}

/**
 * Dates for each state of the path from the order's creation; steps that would fall after `now`
 * have not happened yet and are cut, so the order rests in the last state reached.
 */
export function schedule(rng: Rng, path: number[], createdAt: number, now: number): Array<[state: number, at: number]> {
  const steps: Array<[number, number]> = [[path[0], createdAt]];
  for (let i = 1; i < path.length; i++) {
    const at = steps[i - 1][1] + delay(rng, path[i - 1], path[i]);
    if (at > now) break;
    steps.push([path[i], at]);
  }
  return steps;
}
