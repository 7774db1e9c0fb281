import type { TemplateAudience } from '../templates';
import { CatalogueEvent, DEFAULT_ORDER_STATES, EventKey, NAMED_EVENTS, NamedEvent, OUTBOX_EVENT_TO_KEY } from './catalogue';

export interface OrderStateNames {
  id: number;
  /** name by language iso code, from order_state_lang */
  names: Record<string, string>;
}

const stateKey = (id: number): EventKey => `order_state:${id}`;

/**
 * Every event a rule can choose, for this shop's order states: the 13 default states keep the
 * annex's texts; a state the merchant added gets its name from order_state_lang and a generic
 * text built on {order_state}.
 */
export function buildCatalogue(states: OrderStateNames[]): CatalogueEvent[] {
  const events: CatalogueEvent[] = states.map((state) => {
    const known = DEFAULT_ORDER_STATES[state.id];
    const label = {
      fr: state.names.fr ?? known?.label.fr ?? `État ${state.id}`,
      en: state.names.en ?? known?.label.en ?? `State ${state.id}`,
    };
    return {
      key: stateKey(state.id),
      hasOrder: true,
      label,
      defaults: known ? { admin: known.admin, client: known.client } : customStateTexts(),
    };
  });
  for (const [key, event] of Object.entries(NAMED_EVENTS) as Array<[NamedEvent, (typeof NAMED_EVENTS)[NamedEvent]]>) {
    events.push({ key, hasOrder: event.hasOrder, label: event.label, defaults: { admin: event.admin, client: event.client } });
  }
  return events;
}

function customStateTexts(): CatalogueEvent['defaults'] {
  return {
    admin: { fr: 'Commande {order_reference} : nouvel état {order_state}.', en: 'Order {order_reference}: new status {order_state}.' },
    client: {
      fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est maintenant : {order_state}. {shop_name}',
      en: 'Dear {client_surname} {client_name}, your order {order_reference} is now: {order_state}. {shop_name}',
    },
  };
}

/** The catalogue key an outbox row stands for, or null when the row names no known event. */
export function eventKeyOf(row: { event: string; id_order_state: number | null }): EventKey | null {
  const mapped = OUTBOX_EVENT_TO_KEY[row.event];
  if (!mapped) return null;
  if (mapped !== 'order_state') return mapped;
  return row.id_order_state !== null && row.id_order_state > 0 ? stateKey(row.id_order_state) : null;
}

/** True for keys a rule may store: a state key with a positive id, or a named event. */
export function isEventKey(key: string): boolean {
  return /^order_state:[1-9]\d{0,9}$/.test(key) || key in NAMED_EVENTS;
}

/** Whether the event carries an order (account creation does not). */
export function eventHasOrder(key: EventKey): boolean {
  return key.startsWith('order_state:') || (NAMED_EVENTS[key as NamedEvent]?.hasOrder ?? false);
}

/**
 * The variables a rule's text may use: order and address variables only when every event of
 * the rule carries an order (templates' 'marketing' set is exactly customer + shop).
 */
export function templateAudienceFor(events: EventKey[]): TemplateAudience {
  return events.every(eventHasOrder) ? 'notification' : 'marketing';
}
