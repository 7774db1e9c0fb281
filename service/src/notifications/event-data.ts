import type { ShopDb } from '../db';
import { CustomerView, loadCustomerAddresses, loadCustomers, loadOrders, loadStateNames, OrderView, StateNames } from '../shop/read-model';
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

/** What loadEventsData needs of an outbox row. */
export interface EventDataRow {
  id_event: number;
  id_shop: number;
  id_order: number | null;
  id_customer: number | null;
  id_order_state: number | null;
}

/**
 * The template values and the customer's phone of each event, from the shop's tables, by
 * id_event; a string when an event cannot be processed (its order or customer is gone), saying
 * why. One query per shop table for the whole list (orders, customers, addresses, state names,
 * tracking numbers), not six or seven per event: measured in bench/notifications.ts, those were
 * half of an event's statements.
 */
export async function loadEventsData(
  db: ShopDb,
  events: Array<{ row: EventDataRow; key: EventKey }>,
  shopName: (idShop: number) => Promise<string>,
): Promise<Map<number, EventData | string>> {
  const withOrder = events.filter((e) => eventHasOrder(e.key) && e.row.id_order !== null);
  const withCustomer = events.filter((e) => !eventHasOrder(e.key) && e.row.id_customer !== null);
  const [orders, customers, eventStates] = await Promise.all([
    loadOrders(db, withOrder.map((e) => e.row.id_order!)),
    loadCustomers(db, withCustomer.map((e) => e.row.id_customer!)),
    loadStateNames(db, withOrder.flatMap((e) => (e.row.id_order_state !== null && e.key.startsWith('order_state:') ? [e.row.id_order_state] : []))),
  ]);
  const result = new Map<number, EventData | string>();
  for (const { row, key } of events) {
    const name = await shopName(row.id_shop);
    result.set(row.id_event, eventHasOrder(key) ? orderData(db, row, key, orders, eventStates, name) : customerData(db, row, key, customers, name));
  }
  return result;
}

/** One event's data: loadEventsData for a list of one. */
export async function loadEventData(db: ShopDb, row: Omit<EventDataRow, 'id_event'>, key: EventKey, shopName: string): Promise<EventData | string> {
  return (await loadEventsData(db, [{ row: { ...row, id_event: 0 }, key }], async () => shopName)).get(0)!;
}

function orderData(db: ShopDb, row: EventDataRow, key: EventKey, orders: Map<number, OrderView>, eventStates: StateNames, shopName: string): EventData | string {
  if (row.id_order === null) return `event ${key} has no id_order`;
  const order = orders.get(row.id_order);
  if (!order) return `order ${row.id_order} not found`;
  const context = orderContext(order, shopName);
  // The state the event is about, not the order's current one, which may have moved on since.
  if (row.id_order_state !== null && key.startsWith('order_state:')) context.order_state = eventStates.nameOf(row.id_order_state, order.id_lang);
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

function customerData(db: ShopDb, row: EventDataRow, key: EventKey, customers: Map<number, CustomerView>, shopName: string): EventData | string {
  if (row.id_customer === null) return `event ${key} has no id_customer`;
  const customer = customers.get(row.id_customer);
  if (!customer) return `customer ${row.id_customer} not found`;
  return {
    context: customerContext(customer, shopName),
    clientPhone: async () => chooseClientPhone([], await loadCustomerAddresses(db, customer.id_customer, customer.id_lang ?? 1)),
  };
}
