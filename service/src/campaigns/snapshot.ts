import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import type { Recipient } from '../segments';
import { readShopConfiguration } from '../shop/read-model';
import { checkMessage } from '../sms';
import { renderTemplate } from '../templates';
import type { Campaign } from './queries';

export type RecipientSource = (campaign: Campaign) => AsyncIterable<Recipient> | Promise<AsyncIterable<Recipient>>;


/**
 * Rows per INSERT. knex writes a multi-row insert on SQLite as a compound SELECT, which SQLite
 * caps at 500 terms; MySQL takes 1,000 rows of 10 columns well under its placeholder limit.
 */
const INSERT_BATCH = { mysql: 1000, sqlite: 500 } as const;

/** A recipient's text: the campaign message with the customer and shop variables filled in. */
export function renderFor(
  campaign: Pick<Campaign, 'message' | 'sender'>,
  r: Pick<Recipient, 'firstname' | 'lastname' | 'email'> & { country: string | null },
  shopName: string,
) {
  const text = renderTemplate(campaign.message, 'marketing', { client_name: r.lastname, client_surname: r.firstname, client_email: r.email, shop_name: shopName });
  // Customer data may bring a "ç" the merchant never typed: replaced by a look-alike, since France
  // refuses UCS-2. The merchant's own text was checked when the campaign was created.
  return checkMessage(text, { marketing: true, customSender: campaign.sender !== null, country: r.country, replace: true });
}

/**
 * Evaluates the segment once and writes its recipients into the campaign's table, one row per
 * number (the unique key drops a repeat), with each rendered text's part count. Recipients whose
 * text cannot be sent (too long once filled in) are written as failed with the reason, so they are
 * counted and never sent. Idempotent: a snapshot cut short by a crash is thrown away and redone;
 * nothing is sent before it is complete. Ends with the progress step `generated` (snapshot_done,
 * recipients, failed, the longest text's parts); the cost is a later, separate step.
 */
export async function snapshotRecipients(db: ShopDb, campaign: Campaign, source: RecipientSource, lease: SnapshotLease): Promise<boolean> {
  if (campaign.snapshot_done) return true;
  const table = db.ownTable('campaign_recipient');
  await db.knex(table).where({ id_campaign: campaign.id_campaign }).delete();
  const shopName = (await readShopConfiguration(db, 'PS_SHOP_NAME', campaign.id_shop)) ?? '';
  let rows: Array<Record<string, unknown>> = [];
  for await (const r of await source(campaign)) {
    const check = renderFor(campaign, r, shopName);
    const problem = check.problems.map((p) => p.code).join(',');
    rows.push({
      id_campaign: campaign.id_campaign, id_customer: r.id_customer, phone: r.phone, country: r.country,
      firstname: r.firstname, lastname: r.lastname, email: r.email, parts: Math.min(check.count.parts, 255),
      status: problem ? 'failed' : 'pending', provider_message: problem || null,
    });
    if (rows.length >= INSERT_BATCH[db.dialect]) {
      if (lease.lost) return false;
      rows = await flush(db, table, rows);
    }
  }
  await flush(db, table, rows);
  return summarise(db, campaign, lease.worker);
}

/** The runner's lease as the snapshot sees it: who we are, and whether another instance took over. */
export interface SnapshotLease {
  worker: string;
  readonly lost: boolean;
}

async function flush(db: ShopDb, table: string, rows: Array<Record<string, unknown>>): Promise<[]> {
  if (rows.length > 0) await db.knex(table).insert(rows).onConflict(['id_campaign', 'phone']).ignore();
  return [];
}

/**
 * Totals from the snapshot, by SQL aggregates (constant memory), written back onto the campaign
 * by the lease holder only: false when another instance took the campaign over meanwhile (its own
 * snapshot then decides).
 */
async function summarise(db: ShopDb, campaign: Campaign, worker: string): Promise<boolean> {
  const groups: Array<{ status: string; n: number | string; max_parts: number | string | null }> = await db
    .knex(db.ownTable('campaign_recipient'))
    .select('status')
    .count({ n: '*' })
    .max({ max_parts: 'parts' })
    .where({ id_campaign: campaign.id_campaign })
    .groupBy('status');
  let recipients = 0;
  let failed = 0;
  let parts = 0;
  for (const g of groups) {
    recipients += Number(g.n);
    if (g.status === 'failed') failed += Number(g.n);
    else parts = Math.max(parts, Number(g.max_parts ?? 0));
  }
  const written = await db
    .knex(db.ownTable('campaign'))
    .where({ id_campaign: campaign.id_campaign, claimed_by: worker })
    .update({ snapshot_done: 1, recipients, failed, parts, updated_at: toSqlDateTime(new Date()) });
  return written === 1;
}
