import type { Knex } from 'knex';
import type { ShopDb } from '../db';
import { toSqlDateTime } from '../db';
import { ShopcastError } from '../errors';
import { CampaignReason, readReason, say } from './messages';
import { CampaignAction, CampaignStatus, nextStatus } from './state';

/** A campaign row as the rest of the code sees it. */
export interface Campaign {
  id_campaign: number;
  id_shop: number;
  name: string;
  action: 'send' | 'export';
  criteria: unknown;
  message: string;
  sender: string | null;
  status: CampaignStatus;
  scheduled_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  recipients: number;
  sent: number;
  failed: number;
  unknown: number;
  parts: number;
  estimated_cost: string | null;
  cost: string | null;
  snapshot_done: boolean;
  last_id_recipient: number;
  directory_id: string | null;
  /** why it paused, failed or was missed, in English (kept for older readers and exports) */
  error: string | null;
  /** the same reason as a stable code, its params and both sentences; null on older rows */
  error_detail: CampaignReason | null;
  created_at: string;
  updated_at: string;
}

export interface NewCampaign {
  id_shop: number;
  name: string;
  action: 'send' | 'export';
  criteria: unknown;
  message: string;
  sender: string | null;
}

/** DECIMAL(12,4) as text: MySQL gives '1.1250'; SQLite stores a number, shown the same way. */
export function money(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v.toFixed(4) : String(v);
}

export function toCampaign(r: Record<string, unknown>): Campaign {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    id_campaign: n(r.id_campaign),
    id_shop: n(r.id_shop),
    name: String(r.name),
    action: r.action === 'export' ? 'export' : 'send',
    criteria: JSON.parse(String(r.criteria)),
    message: String(r.message),
    sender: (r.sender as string | null) ?? null,
    status: r.status as CampaignStatus,
    scheduled_at: (r.scheduled_at as string | null) ?? null,
    started_at: (r.started_at as string | null) ?? null,
    finished_at: (r.finished_at as string | null) ?? null,
    recipients: n(r.recipients),
    sent: n(r.sent),
    failed: n(r.failed),
    unknown: n(r.unknown),
    parts: n(r.parts),
    estimated_cost: money(r.estimated_cost),
    cost: money(r.cost),
    snapshot_done: Boolean(n(r.snapshot_done)),
    last_id_recipient: n(r.last_id_recipient),
    directory_id: (r.directory_id as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    error_detail: readReason(r.error_code, r.error_params),
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}

export async function insertCampaign(db: ShopDb, c: NewCampaign, now = new Date()): Promise<Campaign> {
  const stamp = toSqlDateTime(now);
  const [id] = await db.knex(db.ownTable('campaign')).insert({ ...c, criteria: JSON.stringify(c.criteria), status: 'draft', created_at: stamp, updated_at: stamp });
  return getCampaign(db, Number(id));
}

export async function getCampaign(db: ShopDb, id: number, trx?: Knex.Transaction): Promise<Campaign> {
  const row = await (trx ?? db.knex)(db.ownTable('campaign')).first('*').where({ id_campaign: id });
  if (!row) throw new ShopcastError('not_found', say('not_found', { id }), { id_campaign: id });
  return toCampaign(row);
}

/**
 * Applies a state-machine action. The UPDATE is conditioned on the status the transition was
 * computed from, so of two racing requests exactly one wins and the other gets a conflict. A
 * runner passes its worker id as `owner`: the change then also requires that it still holds the
 * campaign's lease, so an instance that lost it can never finish or pause a run another one took.
 */
export async function transitionCampaign(
  db: ShopDb,
  id: number,
  action: CampaignAction,
  changes: Record<string, unknown> = {},
  now = new Date(),
  owner?: string,
): Promise<Campaign> {
  const current = await getCampaign(db, id);
  const to = nextStatus(current.status, action);
  const guard: Record<string, unknown> = { id_campaign: id, status: current.status };
  if (owner !== undefined) guard.claimed_by = owner;
  const updated = await db
    .knex(db.ownTable('campaign'))
    .where(guard)
    .update({ ...changes, status: to, updated_at: toSqlDateTime(now) });
  if (updated === 0) throw new ShopcastError('conflict', say('changed', { id }), { id_campaign: id });
  return getCampaign(db, id);
}

export async function updateCampaign(db: ShopDb, id: number, changes: Record<string, unknown>, now = new Date()): Promise<void> {
  await db.knex(db.ownTable('campaign')).where({ id_campaign: id }).update({ ...changes, updated_at: toSqlDateTime(now) });
}
