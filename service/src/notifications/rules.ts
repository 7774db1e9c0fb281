import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { ShopcastError } from '../errors';
import type { Audience, EventKey } from './catalogue';
import { Channel, formatChannels, parseChannels } from './channels';

/** A notification rule as stored: who gets what, on which events, from which sender, by which channels. */
export interface Rule {
  id_rule: number;
  id_shop: number;
  audience: Audience;
  events: EventKey[];
  sender: string | null;
  message: string;
  active: boolean;
  channels: Channel[];
}

/** A rule to save; without `channels` it sends SMS, as every rule did before Telegram. */
export type RuleInput = Omit<Rule, 'id_rule' | 'channels'> & { channels?: Channel[] };

/** The rule as it reads back: channels defaulted and in their fixed order. */
function asStored(input: RuleInput): Omit<Rule, 'id_rule'> {
  return { ...input, channels: parseChannels(formatChannels(input.channels)) };
}

export async function createRule(db: ShopDb, input: RuleInput, now = new Date()): Promise<Rule> {
  return db.knex.transaction((trx) => insertRule(db, trx, input, now));
}

/**
 * Several rules in one transaction: all are saved or none (the page's [Admin] and [Client] halves
 * of one form, so a failure of the second never leaves the first behind for a retry to double).
 */
export async function createRules(db: ShopDb, inputs: RuleInput[], now = new Date()): Promise<Rule[]> {
  return db.knex.transaction(async (trx) => {
    const rules: Rule[] = [];
    for (const input of inputs) rules.push(await insertRule(db, trx, input, now));
    return rules;
  });
}

async function insertRule(db: ShopDb, trx: Knex.Transaction, input: RuleInput, now: Date): Promise<Rule> {
  const stamp = toSqlDateTime(now);
  const [id] = await trx(db.ownTable('notification_rule')).insert({
    id_shop: input.id_shop,
    audience: input.audience,
    sender: input.sender,
    message: input.message,
    active: input.active ? 1 : 0,
    channels: formatChannels(input.channels),
    created_at: stamp,
    updated_at: stamp,
  });
  const idRule = Number(id);
  await trx(db.ownTable('notification_rule_event')).insert(input.events.map((event) => ({ id_rule: idRule, event })));
  return { id_rule: idRule, ...asStored(input) };
}

export async function updateRule(db: ShopDb, idRule: number, input: RuleInput, now = new Date()): Promise<Rule> {
  return db.knex.transaction(async (trx) => {
    const changed = await trx(db.ownTable('notification_rule'))
      .where({ id_rule: idRule })
      .update({
        id_shop: input.id_shop,
        audience: input.audience,
        sender: input.sender,
        message: input.message,
        active: input.active ? 1 : 0,
        channels: formatChannels(input.channels),
        updated_at: toSqlDateTime(now),
      });
    if (changed === 0) throw notFound(idRule);
    await trx(db.ownTable('notification_rule_event')).where({ id_rule: idRule }).delete();
    await trx(db.ownTable('notification_rule_event')).insert(input.events.map((event) => ({ id_rule: idRule, event })));
    return { id_rule: idRule, ...asStored(input) };
  });
}

export async function setRuleActive(db: ShopDb, idRule: number, active: boolean, now = new Date()): Promise<void> {
  const changed = await db
    .knex(db.ownTable('notification_rule'))
    .where({ id_rule: idRule })
    .update({ active: active ? 1 : 0, updated_at: toSqlDateTime(now) });
  if (changed === 0) throw notFound(idRule);
}

/** Deletes the rule; its history rows stay (they name the rule id and keep their own text). */
export async function deleteRule(db: ShopDb, idRule: number): Promise<void> {
  await db.knex.transaction(async (trx) => {
    await trx(db.ownTable('notification_rule_event')).where({ id_rule: idRule }).delete();
    const gone = await trx(db.ownTable('notification_rule')).where({ id_rule: idRule }).delete();
    if (gone === 0) throw notFound(idRule);
  });
}

/** Rules of these shops (0 = rules for every shop), newest first; `shops` empty = all. */
export async function listRules(db: ShopDb, shops: number[] = []): Promise<Rule[]> {
  const q = db.knex(db.ownTable('notification_rule')).select('*').orderBy('id_rule', 'desc');
  if (shops.length > 0) q.whereIn('id_shop', [0, ...shops]);
  return withEvents(db, await q);
}

export async function getRule(db: ShopDb, idRule: number): Promise<Rule> {
  const rows = await db.knex(db.ownTable('notification_rule')).select('*').where({ id_rule: idRule });
  if (rows.length === 0) throw notFound(idRule);
  return (await withEvents(db, rows))[0];
}

/** Every active rule with its events, by id: what the dispatcher matches events against. */
export async function listActiveRules(db: ShopDb): Promise<Rule[]> {
  return withEvents(db, await db.knex(db.ownTable('notification_rule')).select('*').where('active', 1).orderBy('id_rule'));
}

async function withEvents(db: ShopDb, rows: Array<Record<string, unknown>>): Promise<Rule[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id_rule));
  const events = await db.knex(db.ownTable('notification_rule_event')).select('id_rule', 'event').whereIn('id_rule', ids).orderBy('event');
  return rows.map((r) => ({
    id_rule: Number(r.id_rule),
    id_shop: Number(r.id_shop),
    audience: r.audience as Audience,
    events: events.filter((e) => Number(e.id_rule) === Number(r.id_rule)).map((e) => e.event as string),
    sender: (r.sender as string | null) ?? null,
    message: r.message as string,
    active: Boolean(Number(r.active)),
    channels: parseChannels(r.channels),
  }));
}

function notFound(idRule: number): ShopcastError {
  return new ShopcastError('not_found', { en: `notification rule ${idRule} does not exist`, fr: `la règle de notification ${idRule} n'existe pas` }, { id_rule: idRule });
}
