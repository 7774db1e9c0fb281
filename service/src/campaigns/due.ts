import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { reason, reasonColumns } from './messages';
import { CampaignAction, CampaignStatus, nextStatus } from './state';

/**
 * What the scheduler's tick takes from the campaign table, claimed so that several instances
 * ticking at once never race: on MySQL/MariaDB the candidate rows are locked with SELECT ... FOR
 * UPDATE SKIP LOCKED (an instance skips what another is claiming instead of waiting on it), in
 * READ COMMITTED like the outbox so no gap lock blocks a merchant's insert; SQLite has a single
 * writer. Each row's status change is also conditioned on its status, so a row is claimed once.
 */
const PER_TICK = 50;

async function claim(
  db: ShopDb,
  from: CampaignStatus,
  action: CampaignAction,
  due: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  changes: Record<string, unknown>,
  now: Date,
): Promise<number[]> {
  const table = db.ownTable('campaign');
  const to = nextStatus(from, action);
  const take = async (q: Knex | Knex.Transaction, ids: number[]) => {
    const claimed: number[] = [];
    for (const id of ids) {
      const won = await q(table).where({ id_campaign: id, status: from }).update({ ...changes, status: to, updated_at: toSqlDateTime(now) });
      if (won === 1) claimed.push(id);
    }
    return claimed;
  };
  const candidates = (q: Knex.QueryBuilder) => due(q.select('id_campaign').where('status', from)).orderBy('id_campaign').limit(PER_TICK);
  if (db.dialect !== 'mysql') {
    // No read-then-write transaction: two SQLite connections each holding a read lock and asking
    // for the write lock would deadlock (SQLITE_BUSY); one-statement updates wait their turn.
    const rows: Array<{ id_campaign: number }> = await candidates(db.knex(table));
    return take(db.knex, rows.map((r) => Number(r.id_campaign)));
  }
  return db.knex.transaction(async (trx) => {
    const rows = await candidates(trx(table)).forUpdate().skipLocked();
    return take(trx, rows.map((r: { id_campaign: number }) => Number(r.id_campaign)));
  }, { isolationLevel: 'read committed' });
}

/** Scheduled campaigns later than the grace (the service was down): `missed`, for the merchant to decide. */
export function claimMissed(db: ShopDb, now: Date, graceSeconds: number): Promise<number[]> {
  const limit = toSqlDateTime(new Date(now.getTime() - graceSeconds * 1000));
  return claim(db, 'scheduled', 'miss', (q) => q.andWhere('scheduled_at', '<', limit), reasonColumns(reason('missed')), now);
}

/** Scheduled campaigns whose time has come (within the grace): `sending`. */
export function claimDue(db: ShopDb, now: Date): Promise<number[]> {
  const nowSql = toSqlDateTime(now);
  return claim(db, 'scheduled', 'start', (q) => q.andWhere('scheduled_at', '<=', nowSql), { started_at: nowSql, ...reasonColumns(null) }, now);
}

/**
 * Campaigns paused by quiet hours whose window has opened: `sending` again. Rows paused before
 * reasons had codes carry only the English sentence.
 */
export function claimResumable(db: ShopDb, now: Date): Promise<number[]> {
  const nowSql = toSqlDateTime(now);
  const quietHours = (q: Knex.QueryBuilder) =>
    q
      .andWhere('scheduled_at', '<=', nowSql)
      .andWhere((w) => w.where('error_code', 'quiet_hours').orWhere((old) => old.whereNull('error_code').andWhere('error', 'like', 'quiet hours%')));
  return claim(db, 'paused', 'resume', quietHours, { scheduled_at: null, ...reasonColumns(null) }, now);
}

/** Campaigns `sending` that no live runner holds (never leased yet, or the lease expired). */
export async function findOrphans(db: ShopDb, now: Date): Promise<number[]> {
  const nowSql = toSqlDateTime(now);
  const rows = await db
    .knex(db.ownTable('campaign'))
    .select('id_campaign')
    .where('status', 'sending')
    .andWhere((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<', nowSql))
    .orderBy('id_campaign')
    .limit(PER_TICK);
  return rows.map((r) => Number(r.id_campaign));
}
