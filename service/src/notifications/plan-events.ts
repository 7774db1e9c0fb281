import type { ShopDb } from '../db';
import type { DispatchDeps, ToPlan } from './dispatch';
import type { PlannedNotification } from './history';
import { planChatNotifications, planNotification } from './plan';
import { chooseAdminPhone, RecipientChoice } from './recipients';
import type { Rule } from './rules';

/** An SMS row waiting for the batch's opt-out lookup before it can be planned. */
interface SmsDraft {
  event: ToPlan;
  rule: Rule;
  recipient: RecipientChoice;
  defaultSender: string | null;
}

/**
 * The notification rows of a batch of events, in event then rule order (SMS before Telegram for
 * a rule), as the history lists them. Recipients are chosen first, then the opt-out list is read
 * once for all of the batch's [Client] numbers, then each row is planned (pure).
 */
export async function planEvents(deps: DispatchDeps, events: ToPlan[]): Promise<PlannedNotification[]> {
  const cache = deps.cache!;
  const chats = new Map<number, Promise<string[]>>();
  const chatsOf = (idShop: number) => {
    if (!chats.has(idShop)) chats.set(idShop, deps.telegram ? deps.telegram.recipients(idShop) : Promise.resolve([]));
    return chats.get(idShop)!;
  };
  const ordered: Array<PlannedNotification | SmsDraft> = [];
  for (const event of events) {
    const { row, key, data } = event;
    const defaultSender = await cache.setting('default_sender', row.id_shop);
    let clientPhone: Promise<RecipientChoice> | null = null;
    for (const rule of event.rules) {
      if (rule.channels.includes('sms')) {
        const recipient = rule.audience === 'admin' ? chooseAdminPhone(await cache.setting('admin_phone', row.id_shop)) : await (clientPhone ??= data.clientPhone());
        ordered.push({ event, rule, recipient, defaultSender });
      }
      if (rule.channels.includes('telegram')) {
        const recipients = await chatsOf(row.id_shop);
        const noRecipientReason = deps.telegram ? 'no_telegram_chat' : 'telegram_not_configured';
        ordered.push(...planChatNotifications({ idEvent: row.id_event, idShop: row.id_shop, event: key, rule, recipients, noRecipientReason, context: data.context }));
      }
    }
  }
  // Opt-outs bind [Client] messages only: the admin's own phone is the merchant's choice.
  const clientPhones = ordered.flatMap((d) => ('rule' in d && d.rule.audience === 'client' && d.recipient.phone !== null ? [d.recipient.phone] : []));
  const optedOut = await optedOutAmong(deps.db, clientPhones);
  return ordered.map((d) => {
    if (!('rule' in d)) return d;
    const { event, rule, recipient, defaultSender } = d;
    const isOut = rule.audience === 'client' && recipient.phone !== null && optedOut.has(recipient.phone);
    return planNotification({ idEvent: event.row.id_event, idShop: event.row.id_shop, event: event.key, rule, recipient, optedOut: isOut, defaultSender, context: event.data.context });
  });
}

/** The numbers of the list that are in our opt-out list (the provider's blacklist, the merchant's imports); one query. */
export async function optedOutAmong(db: ShopDb, phones: string[]): Promise<Set<string>> {
  if (phones.length === 0) return new Set();
  const rows = await db.knex(db.ownTable('opt_out')).select('phone').whereIn('phone', [...new Set(phones)]);
  return new Set(rows.map((r) => String(r.phone)));
}
