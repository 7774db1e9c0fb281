import type { ShopDb } from '../db';
import { loadCustomer, loadCustomerAddresses, loadOrder, loadStateName } from '../shop/read-model';
import type { TemplateContext } from '../templates';
import type { EventKey } from './catalogue';
import { customerContext, orderContext } from './context';
import { eventHasOrder } from './events';
import { chooseClientPhone, RecipientChoice } from './recipients';

export interface EventData {
  context: TemplateContext;
  /** the customer's mobile, looked up only when a [Client] rule needs it */
  clientPhone: () => Promise<RecipientChoice>;
}

/**
 * The template values and the customer's phone for an event, from the shop's tables; a string
 * when the event cannot be processed (its order or customer is gone), saying why.
 */
export async function loadEventData(
  db: ShopDb,
  row: { id_shop: number; id_order: number | null; id_customer: number | null; id_order_state: number | null },
  key: EventKey,
  shopName: string,
): Promise<EventData | string> {
  if (eventHasOrder(key)) {
    if (row.id_order === null) return `event ${key} has no id_order`;
    const order = await loadOrder(db, row.id_order);
    if (!order) return `order ${row.id_order} not found`;
    const context = orderContext(order, shopName);
    // The state the event is about, not the order's current one, which may have moved on since.
    if (row.id_order_state !== null && key.startsWith('order_state:')) context.order_state = await loadStateName(db, row.id_order_state, order.id_lang);
    const own = [order.delivery, order.invoice];
    return {
      context,
      // The customer's other addresses are read only when the order's own give no mobile (most
      // orders have one): a query per event saved, measured in bench/notifications.ts.
      clientPhone: async () => {
        const first = chooseClientPhone(own, []);
        return first.phone !== null ? first : chooseClientPhone(own, await loadCustomerAddresses(db, order.customer.id_customer, order.id_lang));
      },
    };
  }
  if (row.id_customer === null) return `event ${key} has no id_customer`;
  const customer = await loadCustomer(db, row.id_customer);
  if (!customer) return `customer ${row.id_customer} not found`;
  return {
    context: customerContext(customer, shopName),
    clientPhone: async () => chooseClientPhone([], await loadCustomerAddresses(db, customer.id_customer, customer.id_lang ?? 1)),
  };
}
