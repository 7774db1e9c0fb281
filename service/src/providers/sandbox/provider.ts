import type { ShopDb } from '../../db';
import { toSqlDateTime } from '../../db';
import { checkMessage } from '../../sms';
import { assertSendOptions, assertTrackers, fromProviderNumber } from '../formats';
import type { ContactResult, MessageResult, OutgoingSms, SendStatus, SmsProvider } from '../types';

/**
 * The sandbox provider, default for the demo and the tests: it records what would be sent in our
 * sandbox_message table and transmits nothing. Failure triggers let demos and tests see failures:
 *   number ending in 0011 -> rejected, code 11 (number in the blacklist)
 *   number ending in 0021 -> rejected, code 21 (number not assigned)
 *   number ending in 0099 -> unknown (as if the connection dropped mid-call)
 * and, like the real blacklist, a marketing message to a number the sandbox blacklisted is refused
 * with code 11. Its blacklist is our opt-out table's 'provider' rows.
 */

/** A plausible figure so pages that show the credit have something to show; never charged. */
export const SANDBOX_CREDIT = { amount: 1000, smsFrance: 20000 };

const triggers: Array<{ suffix: string; status: SendStatus; code: string | null; message: string }> = [
  { suffix: '0011', status: 'rejected', code: '11', message: 'number in the blacklist (sandbox trigger)' },
  { suffix: '0021', status: 'rejected', code: '21', message: 'number not assigned (sandbox trigger)' },
  { suffix: '0099', status: 'unknown', code: 'ECONNRESET', message: 'connection lost during the exchange (sandbox trigger)' },
];

/** The failure a number triggers in the sandbox, or null when it is accepted. */
export function sandboxTrigger(to: string): { status: SendStatus; code: string | null; message: string } | null {
  const digits = to.replace(/\D/g, '');
  const hit = triggers.find((t) => digits.endsWith(t.suffix));
  return hit ? { status: hit.status, code: hit.code, message: hit.message } : null;
}

export function createSandboxProvider(db: ShopDb): SmsProvider {
  let directories = 0;
  return {
    name: 'sandbox',
    fields: [],
    configured: async () => true,
    async send(messages, options = {}) {
      assertSendOptions(options);
      assertTrackers(messages);
      const blacklist = options.marketing ? new Set(await readBlacklist(db)) : new Set<string>();
      const results = messages.map((m) => outcomeOf(m, blacklist));
      await record(db, messages.filter((_, i) => results[i].status === 'accepted'), options.sender ?? null);
      return results;
    },
    async count(message, options = {}) {
      const check = checkMessage(message.text, { marketing: options.marketing, customSender: Boolean(options.sender) });
      return { characters: check.count.length, parts: check.count.parts };
    },
    credit: async () => ({ ...SANDBOX_CREDIT }),
    createDirectory: async () => `sandbox-dir-${++directories}`,
    addToDirectory: async (_id, contacts) => contacts.map((c) => contactOutcome(c.phone)),
    readBlacklist: () => readBlacklist(db),
    async addToBlacklist(phone) {
      const row = { phone: fromProviderNumber(phone) ?? phone, source: 'provider', created_at: toSqlDateTime(new Date()) };
      await db.knex(db.ownTable('opt_out')).insert(row).onConflict('phone').ignore();
    },
  };
}

function outcomeOf(message: OutgoingSms, blacklist: Set<string>): MessageResult {
  const base = { to: message.to, tracker: message.tracker };
  const trigger = sandboxTrigger(message.to);
  if (trigger) return { ...base, ...trigger };
  if (blacklist.has(fromProviderNumber(message.to) ?? message.to)) {
    return { ...base, status: 'rejected', code: '11', message: 'number in the blacklist' };
  }
  return { ...base, status: 'accepted', code: '0', message: 'recorded by the sandbox, not sent', providerId: `sandbox-${message.tracker}` };
}

function contactOutcome(phone: string): ContactResult {
  const trigger = sandboxTrigger(phone);
  if (trigger?.status === 'rejected') return { phone, status: 'rejected', code: trigger.code, message: trigger.message };
  if (!fromProviderNumber(phone)) return { phone, status: 'rejected', code: '21', message: 'number not assigned' };
  return { phone, status: 'accepted', code: '0', message: null };
}

async function record(db: ShopDb, messages: OutgoingSms[], sender: string | null): Promise<void> {
  if (messages.length === 0) return;
  const createdAt = toSqlDateTime(new Date());
  const rows = messages.map((m) => ({ recipient: m.to, sender, message: m.text, tracker: m.tracker, created_at: createdAt }));
  // 200 rows x 5 columns stays far under SQLite's bound-variable limit.
  await db.knex.batchInsert(db.ownTable('sandbox_message'), rows, 200);
}

async function readBlacklist(db: ShopDb): Promise<string[]> {
  const rows = await db.knex(db.ownTable('opt_out')).select('phone').where({ source: 'provider' }).orderBy('phone');
  return rows.map((r: { phone: string }) => r.phone);
}
