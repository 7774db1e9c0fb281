import type { AddressView, CustomerView, OrderView } from '../shop/read-model';
import type { TemplateContext } from '../templates';

/**
 * Template values from the shop's data. Amounts keep the order's currency and are written the
 * way the order's language writes them (59,90 in French, 59.90 otherwise).
 */
export function orderContext(order: OrderView, shopName: string): TemplateContext {
  return {
    ...customerContext(order.customer, shopName),
    order_id: order.id_order,
    order_reference: order.reference,
    order_payment_mode: order.payment,
    order_amount: formatAmount(order.total_paid_tax_incl, order.lang_iso),
    order_currency: order.currency_iso,
    order_state: order.state_name,
    tracking_number: order.tracking_number,
    ...addressContext('delivery', order.delivery),
    ...addressContext('billing', order.invoice),
  };
}

export function customerContext(customer: CustomerView, shopName: string): TemplateContext {
  return {
    client_name: customer.lastname,
    client_surname: customer.firstname,
    client_email: customer.email,
    shop_name: shopName,
  };
}

function addressContext(prefix: 'delivery' | 'billing', address: AddressView | null): TemplateContext {
  return {
    [`${prefix}_address_alias`]: address?.alias ?? '',
    [`${prefix}_address_street`]: address?.street ?? '',
    [`${prefix}_address_additional`]: address?.additional ?? '',
    [`${prefix}_address_postcode`]: address?.postcode ?? '',
    [`${prefix}_address_city`]: address?.city ?? '',
    [`${prefix}_address_country`]: address?.country ?? '',
  };
}

/** '59.900000' -> '59,90' (fr) or '59.90'; exact decimal text, never through a binary float. */
export function formatAmount(decimal: string, langIso: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) return decimal;
  const [, sign, whole, fraction = ''] = match;
  let cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  if (Number(fraction.charAt(2) || '0') >= 5) cents += 1n;
  const units = (cents / 100n).toString();
  const rest = (cents % 100n).toString().padStart(2, '0');
  return `${sign}${units}${langIso === 'fr' ? ',' : '.'}${rest}`;
}
