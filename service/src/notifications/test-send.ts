import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { ShopcastError } from '../errors';
import type { MessageResult, SmsProvider } from '../providers/types';
import { readSetting } from '../settings';
import { listOrderStates, loadCustomer, loadOrder, readShopConfiguration } from '../shop/read-model';
import type { Audience } from './catalogue';
import { loadEventData } from './event-data';
import { buildCatalogue, eventHasOrder } from './events';
import { insertPlanned, markSending, NotificationStatus, recordResults, rowsOfEvents } from './history';
import { planNotification } from './plan';
import { optedOutAmong } from './plan-events';
import { chooseAdminPhone } from './recipients';
import type { Rule } from './rules';
import { isOn } from './send';

export interface TestSendInput {
  event: string;
  idOrder: number | null;
  idCustomer: number | null;
  /** the shop whose settings and name apply; by default the order's (or the customer's) own shop */
  idShop: number | null;
  audience: Audience;
  lang: 'fr' | 'en';
  /** sent instead of the event's default text */
  text?: string;
}

export interface TestSendResult {
  id_notification: number;
  id_shop: number;
  to: string;
  text: string;
  parts: number;
  status: NotificationStatus;
  code: string | null;
  message: string | null;
}

/** The outbox row a test send is filed under: already done, so no consumer ever claims it. */
export const TEST_EVENT = 'notify_test';

/**
 * `shopcast notify test`: one event's text for a real order (or customer), sent as the
 * dispatcher sends it: the shop's admin mobile or the customer's mobile, opt-outs honoured for
 * [Client] messages, the same text checks, nostop when allowed, and a history row (rule 0, under
 * a `notify_test` outbox row) going pending -> sending -> sent | failed | unknown, or skipped with
 * the reason. Unlike a real event it is never retried: a refusal is final and shown at once.
 */
export async function sendTestNotification(db: ShopDb, provider: SmsProvider, input: TestSendInput, now = new Date()): Promise<TestSendResult> {
  const catalogue = buildCatalogue(await listOrderStates(db));
  const event = catalogue.find((e) => e.key === input.event);
  if (!event) {
    const known = catalogue.map((e) => e.key).join(', ');
    throw new ShopcastError('invalid_input', { en: `--event: unknown event "${input.event}"; known: ${known}`, fr: `--event : événement inconnu « ${input.event} » ; connus : ${known}` });
  }
  const idShop = await shopOf(db, event.key, input);
  const shopName = (await readShopConfiguration(db, 'PS_SHOP_NAME', idShop)) ?? '';
  const state = event.key.startsWith('order_state:') ? Number(event.key.split(':')[1]) : null;
  const data = await loadEventData(db, { id_shop: idShop, id_order: input.idOrder, id_customer: input.idCustomer, id_order_state: state }, event.key, shopName);
  if (typeof data === 'string') throw new ShopcastError('invalid_input', data);
  const recipient = input.audience === 'admin' ? chooseAdminPhone(await readSetting(db, 'admin_phone', idShop)) : await data.clientPhone();
  const optedOut = input.audience === 'client' && recipient.phone !== null && (await optedOutAmong(db, [recipient.phone])).size > 0;
  const rule: Rule = {
    id_rule: 0, id_shop: idShop, audience: input.audience, events: [event.key], sender: null, message: input.text ?? event.defaults[input.audience][input.lang], active: true, channels: ['sms'],
  };
  const idEvent = await fileTestEvent(db, input, idShop, event.key, now);
  const defaultSender = await readSetting(db, 'default_sender', idShop);
  await insertPlanned(db, [planNotification({ idEvent, idShop, event: event.key, rule, recipient, optedOut, defaultSender, context: data.context })], now);
  const [row] = await rowsOfEvents(db, [idEvent]);
  const result = (status: NotificationStatus, code: string | null, message: string | null): TestSendResult => ({
    id_notification: row.id_notification, id_shop: idShop, to: row.recipient, text: row.message, parts: row.parts, status, code, message,
  });
  if (row.status === 'skipped') return result('skipped', null, row.provider_message);
  await markSending(db, [row.id_notification]);
  const nostop = isOn(await readSetting(db, 'nostop_allowed', idShop));
  const sent = await sendOnce(provider, { to: row.recipient, text: row.message, tracker: `n${row.id_notification}` }, { sender: row.sender ?? undefined, marketing: false, nostop });
  const status: NotificationStatus = sent.status === 'accepted' ? 'sent' : sent.status === 'unknown' ? 'unknown' : 'failed';
  await recordResults(db, [{ id_notification: row.id_notification, status, code: sent.code, message: sent.message, providerId: sent.providerId }], now);
  return result(status, sent.code, sent.message);
}

/** The order's (or customer's) shop, or the one asked for, which must then be theirs. */
async function shopOf(db: ShopDb, key: string, input: TestSendInput): Promise<number> {
  if (eventHasOrder(key)) {
    if (input.idOrder === null) throw new ShopcastError('invalid_input', { en: `--order is needed for ${key}`, fr: `--order est nécessaire pour ${key}` });
    const order = await loadOrder(db, input.idOrder);
    if (!order) throw new ShopcastError('invalid_input', { en: `order ${input.idOrder} not found`, fr: `commande ${input.idOrder} introuvable` });
    return sameShop(input.idShop, order.id_shop, { en: `order ${input.idOrder}`, fr: `la commande ${input.idOrder}` });
  }
  if (input.idCustomer === null) throw new ShopcastError('invalid_input', { en: `--customer is needed for ${key}`, fr: `--customer est nécessaire pour ${key}` });
  const customer = await loadCustomer(db, input.idCustomer);
  if (!customer) throw new ShopcastError('invalid_input', { en: `customer ${input.idCustomer} not found`, fr: `client ${input.idCustomer} introuvable` });
  return sameShop(input.idShop, customer.id_shop, { en: `customer ${input.idCustomer}`, fr: `le client ${input.idCustomer}` });
}

function sameShop(asked: number | null, own: number, what: { en: string; fr: string }): number {
  if (asked === null || asked === own) return own;
  throw new ShopcastError('invalid_input', { en: `--shop ${asked}: ${what.en} belongs to shop ${own}`, fr: `--shop ${asked} : ${what.fr} appartient à la boutique ${own}` });
}

/** An outbox row standing for the test, so the history row has an event id of its own. */
async function fileTestEvent(db: ShopDb, input: TestSendInput, idShop: number, key: string, now: Date): Promise<number> {
  const stamp = toSqlDateTime(now);
  const [id] = await db.knex(db.ownTable('event_outbox')).insert({
    event: TEST_EVENT, id_shop: idShop, id_order: input.idOrder, id_customer: input.idCustomer, payload: JSON.stringify({ event: key, audience: input.audience }),
    status: 'done', attempts: 0, last_error: 'shopcast notify test', created_at: stamp, processed_at: stamp,
  });
  return Number(id);
}

/** One call; a throw (nothing was written, see dispatch.ts) is a failure with its reason. */
async function sendOnce(provider: SmsProvider, message: { to: string; text: string; tracker: string }, options: Parameters<SmsProvider['send']>[1]): Promise<MessageResult> {
  try {
    const [result] = await provider.send([message], options);
    return result ?? { to: message.to, tracker: message.tracker, status: 'unknown', code: null, message: 'no result from the provider' };
  } catch (err) {
    return { to: message.to, tracker: message.tracker, status: 'rejected', code: 'error', message: `not sent: ${(err as Error).message}`.slice(0, 255) };
  }
}
