import { addressCount, addressRow, companyAddressRow, planAddresses, type AddressInfo } from './addresses';
import { HOUR, MINUTE, yearsBefore } from './clock';
import { draftCustomer } from './customers';
import { addOrder, orderCount, orderTimes, type IdCounters, type OrderRows } from './orders';
import { mobileNumber, type PhoneNumber } from './phones';
import { createRng, type Rng } from './random';
import type { CountryIso, Row, TableRows } from './reference-data';
import { buildVocabularies, type Vocabulary } from './vocabulary';

/**
 * The streaming core of the demo: customers in id order, each with their groups, addresses,
 * orders, order history and carrier rows, yielded in chunks so a million customers never sit in
 * memory. Pure: the same options give the same chunks, whatever consumes them.
 */
export interface GenerateOptions {
  customers: number;
  seed: number;
  /** The shop's wall-clock "now" (see clock.ts); all dates fall in the 3 years before it. */
  now: number;
  chunkSize?: number;
}

export interface DemoChunk {
  /** Tables in insertion order, each with this chunk's rows. */
  tables: TableRows[];
  /** Customers generated so far, this chunk included. */
  customersDone: number;
}

interface ChunkRows extends OrderRows {
  customer: Row[];
  customer_group: Row[];
  address: Row[];
}

interface GeneratorState {
  rng: Rng;
  vocabularies: Record<CountryIso, Vocabulary>;
  ids: IdCounters;
  /** Recent customers' mobiles: a few new customers reuse one (a household, a second account). */
  recentMobiles: PhoneNumber[];
  now: number;
}

const COUNTRIES: CountryIso[] = ['FR', 'BE', 'CH', 'LU'];
// One manufacturer/supplier address (id_customer 0) per this many customers.
const COMPANY_ADDRESS_EVERY = 250;

export function* generateDemoRows(options: GenerateOptions): Generator<DemoChunk> {
  const { customers, seed, now } = options;
  const chunkSize = options.chunkSize ?? 1000;
  const state: GeneratorState = {
    rng: createRng(seed),
    vocabularies: buildVocabularies(seed),
    ids: { address: 0, order: 0, history: 0, carrier: 0 },
    recentMobiles: [],
    now,
  };
  // Registrations grow over time (density rises towards now) and ids follow registration dates.
  const start = yearsBefore(now, 3);
  const end = now - HOUR;
  let rows = emptyChunk();
  for (let id = 1; id <= customers; id++) {
    const registeredAt = start + (end - start) * Math.pow((id - 1 + state.rng.next()) / customers, 0.8);
    addCustomer(state, rows, id, registeredAt);
    if (id % COMPANY_ADDRESS_EVERY === 0) {
      const country = state.rng.pick(COUNTRIES);
      rows.address.push(companyAddressRow(state.rng, state.vocabularies[country], ++state.ids.address, country, registeredAt));
    }
    if (id % chunkSize === 0 || id === customers) {
      yield { tables: toTables(rows), customersDone: id };
      rows = emptyChunk();
    }
  }
}

function addCustomer(state: GeneratorState, rows: ChunkRows, id: number, registeredAt: number): void {
  const { rng, vocabularies, ids, now } = state;
  const customer = draftCustomer(rng, vocabularies, id, registeredAt, now);
  rows.customer.push(customer.row);
  for (const group of customer.groups) rows.customer_group.push({ id_customer: id, id_group: group });
  const orders = orderCount(rng, customer.isGuest);
  const firstAddressAt = registeredAt + rng.int(1, 30) * MINUTE;
  const times = orderTimes(rng, orders, firstAddressAt + 5 * MINUTE, now);
  const plans = planAddresses(rng, addressCount(rng, orders), firstAddressAt, times.length ? times[times.length - 1] : null, now);
  const addresses: AddressInfo[] = plans.map((plan, i) => ({
    id: ++ids.address,
    country: i > 0 && rng.chance(0.06) ? rng.pick(COUNTRIES) : customer.country,
    ...plan,
  }));
  const mobile = customerMobile(state, customer.country);
  for (const address of addresses) rows.address.push(addressRow(rng, vocabularies[address.country], customer, address, mobile));
  for (const at of times) addOrder(rng, rows, ids, customer, addresses, at, now);
}

function customerMobile(state: GeneratorState, country: CountryIso): PhoneNumber {
  const { rng, recentMobiles } = state;
  if (recentMobiles.length > 0 && rng.chance(0.015)) return rng.pick(recentMobiles);
  const mobile = mobileNumber(rng, country);
  recentMobiles.push(mobile);
  if (recentMobiles.length > 50) recentMobiles.shift();
  return mobile;
}

function emptyChunk(): ChunkRows {
  return { customer: [], customer_group: [], address: [], orders: [], order_history: [], order_carrier: [] };
}

function toTables(rows: ChunkRows): TableRows[] {
  return [
    ['customer', rows.customer],
    ['customer_group', rows.customer_group],
    ['address', rows.address],
    ['orders', rows.orders],
    ['order_history', rows.order_history],
    ['order_carrier', rows.order_carrier],
  ];
}
