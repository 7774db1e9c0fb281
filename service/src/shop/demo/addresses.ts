import { formatDateTime } from './clock';
import type { CustomerDraft } from './customers';
import { addressPhones, landlineNumber, mobileNumber, typeNumber, type PhoneNumber } from './phones';
import type { Rng } from './random';
import { COUNTRY_ID, type CountryIso, type Row } from './reference-data';
import { postcode, type Vocabulary } from './vocabulary';

/**
 * A customer's addresses over time. An address replaced by a newer one is often deleted at the
 * moment the new one appears, and a customer may delete the last one after their last order, so
 * at every order date at least one live address exists, as in a real shop.
 */
export interface AddressInfo {
  id: number;
  country: CountryIso;
  createdAt: number;
  /** When it was deleted (deleted = 1), or null. */
  deletedAt: number | null;
}

export function addressCount(rng: Rng, orders: number): number {
  if (orders > 0) return rng.weighted([[1, 62], [2, 26], [3, 9], [4, 3]] as const);
  return rng.weighted([[0, 40], [1, 55], [2, 5]] as const);
}

/** Creation and deletion times; lastOrderAt is the customer's last order (or null). */
export function planAddresses(rng: Rng, count: number, firstAt: number, lastOrderAt: number | null, now: number): Array<Omit<AddressInfo, 'id' | 'country'>> {
  const created = [firstAt];
  for (let i = 1; i < count; i++) created.push(firstAt + rng.next() * (now - firstAt));
  created.sort((a, b) => a - b);
  return created.map((createdAt, i) => {
    if (i < count - 1) return { createdAt, deletedAt: rng.chance(0.3) ? created[i + 1] : null };
    const after = Math.max(createdAt, lastOrderAt ?? createdAt);
    return { createdAt, deletedAt: rng.chance(0.03) ? after + rng.next() * (now - after) : null };
  });
}

const ALIASES = ['Mon adresse', 'Mon adresse', 'Domicile', 'Maison', 'Travail', 'Bureau', 'Chez mes parents', 'My address'];
const SECOND_LINES = ['Bâtiment B', 'Appartement 12', '3e étage', 'Résidence les Tilleuls', 'Porte 4', 'BP 12', 'c/o Martin'];

/** The address row; `mobile` is the customer's own number, the one they usually type. */
export function addressRow(rng: Rng, vocabulary: Vocabulary, customer: CustomerDraft, address: AddressInfo, mobile: PhoneNumber): Row {
  const relative = rng.chance(0.1);
  const company = customer.company ?? (rng.chance(0.03) ? rng.pick(vocabulary.companies) : rng.pick([null, '']));
  return {
    id_address: address.id,
    id_country: COUNTRY_ID[address.country],
    id_state: null,
    id_customer: customer.id,
    alias: rng.pick(ALIASES),
    company,
    lastname: customer.lastname,
    firstname: relative ? rng.pick(rng.chance(0.5) ? vocabulary.female : vocabulary.male) : customer.firstname,
    address1: rng.pick(vocabulary.streets).replace('#', String(rng.int(1, 180))),
    address2: rng.chance(0.2) ? rng.pick(SECOND_LINES) : rng.pick([null, '']),
    postcode: postcode(rng, address.country),
    city: rng.pick(vocabulary.cities),
    ...addressPhones(rng, relative && rng.chance(0.5) ? mobileNumber(rng, address.country) : mobile),
    date_add: formatDateTime(address.createdAt),
    date_upd: formatDateTime(address.deletedAt ?? address.createdAt),
    active: 1,
    deleted: address.deletedAt === null ? 0 : 1,
  };
}

/**
 * A manufacturer, supplier or warehouse address (id_customer 0). Some carry a mobile number,
 * which must never make anyone reachable.
 */
export function companyAddressRow(rng: Rng, vocabulary: Vocabulary, id: number, country: CountryIso, at: number): Row {
  return {
    id_address: id,
    id_country: COUNTRY_ID[country],
    id_state: null,
    id_customer: 0,
    alias: rng.pick(['Fournisseur', 'Fabricant', 'Entrepôt']),
    company: rng.pick(vocabulary.companies),
    lastname: rng.pick(vocabulary.last),
    firstname: rng.pick(vocabulary.male),
    address1: rng.pick(vocabulary.streets).replace('#', String(rng.int(1, 180))),
    address2: null,
    postcode: postcode(rng, country),
    city: rng.pick(vocabulary.cities),
    phone: typeNumber(rng, landlineNumber(rng, country)),
    phone_mobile: rng.chance(0.3) ? typeNumber(rng, mobileNumber(rng, country)) : '',
    date_add: formatDateTime(at),
    date_upd: formatDateTime(at),
    active: 1,
    deleted: 0,
  };
}

/** The address an order ships to, among those live at its date, most often the newest. */
export function addressAt(rng: Rng, addresses: AddressInfo[], at: number): AddressInfo {
  const live = addresses.filter((a) => a.createdAt <= at && (a.deletedAt === null || a.deletedAt > at));
  // planAddresses guarantees a live address from the first one's creation on.
  if (live.length === 0) throw new Error(`demo generator: no live address at ${formatDateTime(at)}`);
  return rng.chance(0.75) ? live[live.length - 1] : rng.pick(live);
}
