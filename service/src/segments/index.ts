import type { ShopDb } from '../db';
import { refreshAddressPhones } from './address-cache';
import { compileSegment, CompiledSegment } from './compile';
import { compileCount } from './count';
import { checkReferences, checkShopAccess, parseSegment, Segment } from './criteria';
import { shopClock, ShopClock } from './dates';
import { maskPreviewEmail, maskPreviewPhone } from './mask';
import { countRecipients, CountRow } from './recipients';
import { hasOrdersIndex, readKnownIds, readShopZone } from './shop-facts';
import { snapshotRecipients } from './snapshot';
import { Recipient, streamRecipients } from './stream';

/**
 * Segmentation's public face: criteria JSON in, counts or recipients out. Every entry validates
 * the JSON (FR/EN issues), checks shop access and ids, reads the shop's clock, refreshes the
 * address-phone cache, then runs the compiled query.
 */
export { parseSegment } from './criteria';
export type { Segment, Criterion, Field } from './criteria';
export type { SegmentIssue } from './messages';
export type { Recipient } from './stream';
export { refreshAddressPhones } from './address-cache';
export { startAddressSweeper, STALE_AFTER_SECONDS } from './sweeper';
export type { AddressSweeper } from './sweeper';
/** The shop's time zone (PS_TIMEZONE): campaigns read scheduled times and history days in it. */
export { readShopZone } from './shop-facts';

export type SegmentCount = CountRow;

export interface SegmentOptions {
  /** evaluation instant (default now), read on the shop's clock */
  at?: Date;
  /** shops the caller may act on; empty or absent = all */
  allowedShops?: number[];
  /** the changed- and deleted-address sweeps run at most this often (default 60) */
  sweepEverySeconds?: number;
}

export interface PreparedSegment {
  segment: Segment;
  clock: ShopClock;
  compiled: CompiledSegment;
}

export async function prepareSegment(db: ShopDb, input: unknown, options: SegmentOptions = {}): Promise<PreparedSegment> {
  const segment = parseSegment(input);
  checkShopAccess(segment, options.allowedShops ?? []);
  checkReferences(segment, await readKnownIds(db, segment));
  const zone = await readShopZone(db, segment.shops);
  const clock = shopClock(options.at ?? new Date(), zone);
  await refreshAddressPhones(db, { zone, sweepEverySeconds: options.sweepEverySeconds });
  return { segment, clock, compiled: compileSegment(db, clock, segment) };
}

/**
 * Matched customers, reachable recipients and drops by reason, with the count's own query shape
 * (count.ts). Reads shop tables, writes only the cache.
 */
export async function countSegment(db: ShopDb, input: unknown, options: SegmentOptions = {}): Promise<SegmentCount> {
  const prepared = await prepareSegment(db, input, options);
  return countRecipients(db, compileCount(db, prepared.clock, prepared.segment, await hasOrdersIndex(db)));
}

/**
 * Every recipient, one per number, in id_customer order, in constant memory, from a snapshot of
 * the matched ids taken when iteration starts (snapshot.ts). Validation and the cache refresh
 * happen before this resolves, so bad input fails before any output starts.
 */
export async function segmentRecipients(
  db: ShopDb,
  input: unknown,
  options: SegmentOptions & { batchSize?: number } = {},
): Promise<AsyncGenerator<Recipient>> {
  const prepared = await prepareSegment(db, input, options);
  return snapshotRecipients(db, prepared.compiled, options.batchSize);
}

export interface PreviewRecipient {
  id_customer: number;
  firstname: string;
  lastname: string;
  /** masked like the phone, at its real length */
  email: string;
  phone: string;
  country: string;
  id_shop: number;
}

/** The first `limit` recipients, numbers masked: what the campaign page shows before sending. */
export async function previewSegment(db: ShopDb, input: unknown, options: SegmentOptions = {}, limit = 20): Promise<PreviewRecipient[]> {
  const prepared = await prepareSegment(db, input, options);
  const shown: PreviewRecipient[] = [];
  // The direct keyset stream: a few rows, no snapshot to write.
  for await (const r of streamRecipients(db, prepared.compiled, limit * 2)) {
    shown.push({ id_customer: r.id_customer, firstname: r.firstname, lastname: r.lastname, email: maskPreviewEmail(r.email ?? ''), phone: maskPreviewPhone(r.phone), country: r.country, id_shop: r.id_shop });
    if (shown.length >= limit) break;
  }
  return shown;
}
