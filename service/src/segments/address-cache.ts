import type { ShopDb } from '../db';
import { fromSqlDateTime, toSqlDateTime } from '../db';
import { normalizePhone } from '../sms';
import { formatWall, shopClock } from './dates';
import { recomputeCustomers, syncOptOutFlags, withCustomerPhoneWriter } from './customer-phones';
import { chooseAddressNumber, ParsePhone } from './reachability';

/**
 * The address-phone cache (our shopcast_address_phone table): each PrestaShop address parsed
 * once, because libphonenumber-js cannot run inside SQL, and the customer-phone table derived
 * from it. Refreshed incrementally before every count, preview or export:
 * - new addresses by id above the cache's highest id (a range on the primary key: cheap);
 * - changed addresses (edited, soft-deleted, moved to another customer: PrestaShop moves
 *   date_upd) by a date_upd sweep, hard-deleted ones by comparing per-bucket id counts. PrestaShop
 *   has no index on address.date_upd, so the sweeps scan the table: they run at most every
 *   `sweepEverySeconds` (docs/segments.md has the cost, and the optional index that cuts it).
 * Every page of addresses touched recomputes the chosen number of the customers it concerns, and
 * every refresh flags the chosen numbers newly on the opt-out list, and each sweep also checks the
 * flags against the whole list (customer-phones.ts).
 */
export interface RefreshOptions {
  /** The shop's zone: the sweep checkpoint is a wall-clock time, like date_upd. */
  zone: string;
  sweepEverySeconds?: number;
  now?: Date;
}

export interface RefreshReport {
  added: number;
  changed: number;
  removed: number;
  swept: boolean;
}

const SWEEP_STATE = 'address_phone_sweep';
const PAGE = 2000;
// DST fall-back replays an hour of wall-clock time, and PHP's zone may differ from PS_TIMEZONE:
// re-examine a day and a bit before the last sweep's start.
const SWEEP_MARGIN_HOURS = 26;
const ADDRESS_COLUMNS = ['a.id_address', 'a.id_customer', 'a.id_country', 'a.phone', 'a.phone_mobile', 'a.date_add', 'a.date_upd'];

interface AddressRow {
  id_address: number;
  id_customer: number;
  id_country: number;
  phone: string | null;
  phone_mobile: string | null;
  date_add: string;
  date_upd: string;
}

interface Batch {
  db: ShopDb;
  countries: Map<number, string>;
  parse: ParsePhone;
  size: number;
}

export async function refreshAddressPhones(db: ShopDb, options: RefreshOptions): Promise<RefreshReport> {
  const batch: Batch = { db, countries: await countryCodes(db), parse: normalizePhone, size: PAGE };
  const added = await addNewAddresses(batch);
  const now = options.now ?? new Date();
  const state = await db.knex(db.ownTable('sync_state')).first('value', 'updated_at').where('name', SWEEP_STATE);
  const lastSweep = state ? fromSqlDateTime(String(state.updated_at)) : 0;
  if (state && now.getTime() - lastSweep < (options.sweepEverySeconds ?? 60) * 1000) {
    await syncOptOutFlags(db, { full: false });
    return { added, changed: 0, removed: 0, swept: false };
  }
  await syncOptOutFlags(db, { full: true });
  const startWall = shopClock(now, options.zone).wall;
  const changed = await sweepChangedAddresses(batch, state?.value ?? null);
  const removed = await sweepVanishedAddresses(batch);
  await db
    .knex(db.ownTable('sync_state'))
    .insert({ name: SWEEP_STATE, value: formatWall(startWall.minus({ hours: SWEEP_MARGIN_HOURS })), updated_at: toSqlDateTime(now) })
    .onConflict('name')
    .merge(['value', 'updated_at']);
  return { added, changed, removed, swept: true };
}

async function countryCodes(db: ShopDb): Promise<Map<number, string>> {
  const rows = await db.knex(db.shopTable('country')).select('id_country', 'iso_code');
  return new Map(rows.map((r) => [Number(r.id_country), String(r.iso_code).toUpperCase()]));
}

/** Keyset over the primary key from the cache's highest id: each page is one PK range read. */
async function addNewAddresses(batch: Batch): Promise<number> {
  const { db, size } = batch;
  const top = await db.knex(db.ownTable('address_phone')).max({ id: 'id_address' }).first();
  let after = Number(top?.id ?? 0);
  let total = 0;
  for (;;) {
    const rows: AddressRow[] = await db
      .knex({ a: db.shopTable('address') })
      .select(ADDRESS_COLUMNS)
      .where('a.id_address', '>', after)
      .orderBy('a.id_address')
      .limit(size);
    await ingest(batch, rows);
    total += rows.length;
    if (rows.length < size) return total;
    after = Number(rows[rows.length - 1].id_address);
  }
}

/**
 * Addresses whose date_upd moved since we parsed them, among those updated after `since` (all on
 * the first sweep). Paged by id so a mass update never sits in memory; without an index on
 * date_upd each page continues one scan of the table in primary-key order.
 */
async function sweepChangedAddresses(batch: Batch, since: string | null): Promise<number> {
  const { db, size } = batch;
  let after = 0;
  let total = 0;
  for (;;) {
    const page = db
      .knex({ a: db.shopTable('address') })
      .join({ ap: db.ownTable('address_phone') }, 'ap.id_address', 'a.id_address')
      .select(ADDRESS_COLUMNS)
      .where('a.id_address', '>', after)
      .whereRaw('a.date_upd <> ap.address_date_upd')
      .orderBy('a.id_address')
      .limit(size);
    if (since) page.where('a.date_upd', '>=', since);
    const rows: AddressRow[] = await page;
    await ingest(batch, rows);
    total += rows.length;
    if (rows.length < size) return total;
    after = Number(rows[rows.length - 1].id_address);
  }
}

/** PrestaShop may hold zero dates; our DATETIME columns must accept them on NO_ZERO_DATE servers. */
function storableDateTime(value: unknown): string {
  const text = String(value ?? '');
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/.exec(text);
  if (!match || match[1].startsWith('0000') || /-00/.test(match[1])) return '1970-01-01 00:00:00';
  return `${match[1]} ${match[2] ?? '00:00:00'}`;
}

/**
 * Parses and stores a page of addresses and recomputes their customers (old and new owners), in
 * one transaction: an address counts as seen only once its customers' numbers follow it.
 */
async function ingest(batch: Batch, rows: AddressRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { db } = batch;
  const table = db.ownTable('address_phone');
  const ids = rows.map((r) => Number(r.id_address));
  const records = rows.map((row) => cacheRecord(batch, row));
  await withCustomerPhoneWriter(db, async (trx) => {
    const previousOwners: number[] = await trx(table).pluck('id_customer').whereIn('id_address', ids);
    for (let i = 0; i < records.length; i += 500) await trx(table).insert(records.slice(i, i + 500)).onConflict('id_address').merge();
    await recomputeCustomers(db, [...previousOwners.map(Number), ...records.map((r) => r.id_customer)], trx);
  });
}

function cacheRecord(batch: Batch, row: AddressRow) {
  const country = batch.countries.get(Number(row.id_country)) ?? '';
  const dateAdd = storableDateTime(row.date_add);
  const number = chooseAddressNumber(
    { id_address: Number(row.id_address), date_add: dateAdd, country, phone: row.phone, phone_mobile: row.phone_mobile },
    batch.parse,
  );
  return {
    id_address: Number(row.id_address),
    id_customer: Number(row.id_customer),
    country: country || null,
    address_date_add: dateAdd,
    address_date_upd: storableDateTime(row.date_upd),
    ...number,
  };
}

const BUCKET = 10000;

/** Rows per id bucket (ids [b, b + BUCKET)); the grouping reads the table's smallest index. */
async function bucketCounts(db: ShopDb, table: string): Promise<Map<number, number>> {
  const bucket = `id_address - id_address % ${BUCKET}`;
  const rows = await db.knex(table).select(db.knex.raw(`${bucket} AS b`), db.knex.raw('COUNT(*) AS n')).groupByRaw(bucket);
  return new Map(rows.map((r: { b: number; n: number }) => [Number(r.b), Number(r.n)]));
}

/**
 * Hard-deleted addresses (and any address the id watermark missed, such as one imported with a
 * low id). Comparing per-bucket row counts of both tables (0.9 s on 1.4M addresses) narrows the
 * anti-joins to the buckets that differ, instead of probing every cached id (2.1 s).
 */
async function sweepVanishedAddresses(batch: Batch): Promise<number> {
  const { db } = batch;
  const cache = db.ownTable('address_phone');
  const [live, cached] = [await bucketCounts(db, db.shopTable('address')), await bucketCounts(db, cache)];
  const buckets = [...new Set([...live.keys(), ...cached.keys()])].filter((b) => live.get(b) !== cached.get(b));
  let removed = 0;
  for (const b of buckets) {
    const gone: Array<{ id_address: number; id_customer: number }> = await db
      .knex({ ap: cache })
      .leftJoin({ a: db.shopTable('address') }, 'a.id_address', 'ap.id_address')
      .select('ap.id_address', 'ap.id_customer')
      .whereNull('a.id_address')
      .whereBetween('ap.id_address', [b, b + BUCKET - 1]);
    if (gone.length) {
      await withCustomerPhoneWriter(db, async (trx) => {
        await trx(cache).whereIn('id_address', gone.map((r) => r.id_address)).delete();
        await recomputeCustomers(db, gone.map((r) => Number(r.id_customer)), trx);
      });
    }
    const missing: AddressRow[] = await db
      .knex({ a: db.shopTable('address') })
      .leftJoin({ ap: cache }, 'ap.id_address', 'a.id_address')
      .select(ADDRESS_COLUMNS)
      .whereNull('ap.id_address')
      .whereBetween('a.id_address', [b, b + BUCKET - 1]);
    await ingest(batch, missing);
    removed += gone.length;
  }
  return removed;
}
