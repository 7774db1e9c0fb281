import { DAY, formatDate, formatDateTime } from './clock';
import type { Rng } from './random';
import { GROUP, LANG, SHOP, type CountryIso, type Row } from './reference-data';
import { emailSlug, type Vocabulary } from './vocabulary';

/**
 * One customer row plus what the rest of the generator needs to stay consistent with it
 * (country, names, groups). The mixes below are the demo's, chosen so that every segmentation
 * edge case appears in a few hundred customers: guests, deleted and inactive accounts, unknown
 * gender, NULL, zero and partly-zero birthdays, businesses, blank-but-not-empty company fields.
 */
export interface CustomerDraft {
  row: Row;
  id: number;
  country: CountryIso;
  firstname: string;
  lastname: string;
  company: string | null;
  isGuest: boolean;
  groups: number[];
  registeredAt: number;
}

const COUNTRIES: ReadonlyArray<readonly [CountryIso, number]> = [['FR', 68], ['BE', 14], ['CH', 12], ['LU', 6]];

const DOMAINS: Record<CountryIso, string[]> = {
  FR: ['gmail.com', 'orange.fr', 'free.fr', 'hotmail.fr', 'yahoo.fr', 'laposte.net', 'sfr.fr', 'outlook.fr', 'wanadoo.fr'],
  BE: ['gmail.com', 'skynet.be', 'telenet.be', 'hotmail.com', 'proximus.be', 'outlook.be'],
  CH: ['gmail.com', 'bluewin.ch', 'gmx.ch', 'hispeed.ch', 'sunrise.ch', 'outlook.com'],
  LU: ['gmail.com', 'pt.lu', 'internet.lu', 'hotmail.com', 'outlook.com'],
};

export function draftCustomer(rng: Rng, vocabularies: Record<CountryIso, Vocabulary>, id: number, registeredAt: number, now: number): CustomerDraft {
  const country = rng.weighted(COUNTRIES);
  const vocabulary = vocabularies[country];
  const isGuest = rng.chance(0.15);
  const idGender = rng.weighted([[1, 44], [2, 46], [0, 10]] as const);
  const female = idGender === 2 || (idGender === 0 && rng.chance(0.5));
  const firstname = rng.pick(female ? vocabulary.female : vocabulary.male);
  const lastname = rng.pick(vocabulary.last);
  const business = businessFields(rng, vocabulary, country);
  const { groups, defaultGroup } = groupsFor(rng, isGuest);
  const row: Row = {
    id_customer: id,
    id_shop_group: 1,
    id_shop: shopFor(rng, country),
    id_gender: idGender,
    id_default_group: defaultGroup,
    id_lang: langFor(rng, country),
    company: business.company,
    siret: business.siret,
    firstname: rng.chance(0.02) ? firstname.toLowerCase() : firstname,
    lastname: rng.chance(0.06) ? lastname.toUpperCase() : lastname,
    email: `${emailSlug(firstname) || 'client'}.${emailSlug(lastname) || 'client'}${id}@${rng.pick(DOMAINS[country])}`,
    birthday: birthday(rng, isGuest, now),
    ...consents(rng, isGuest, registeredAt, now),
    ...status(rng, isGuest),
    is_guest: isGuest ? 1 : 0,
    date_add: formatDateTime(registeredAt),
    date_upd: formatDateTime(registeredAt + rng.next() * (now - registeredAt) * 0.3),
  };
  const company = business.isBusiness ? (business.company as string) : null;
  return { row, id, country, firstname, lastname, company, isGuest, groups, registeredAt };
}

function shopFor(rng: Rng, country: CountryIso): number {
  if (country === 'CH') return rng.chance(0.85) ? SHOP.SWISS : SHOP.MAIN;
  return rng.chance(0.96) ? SHOP.MAIN : SHOP.SWISS;
}

function langFor(rng: Rng, country: CountryIso): number | null {
  if (rng.chance(0.005)) return null;
  return rng.chance(country === 'FR' ? 0.95 : 0.82) ? LANG.FR : LANG.EN;
}

/** Guests are in group 2 only; registered customers in 3, some VIPs in 4, a few legacy ones in 1. */
function groupsFor(rng: Rng, isGuest: boolean): { groups: number[]; defaultGroup: number } {
  if (isGuest) return { groups: [GROUP.GUEST], defaultGroup: GROUP.GUEST };
  if (rng.chance(0.06)) return { groups: [GROUP.CUSTOMER, GROUP.VIP], defaultGroup: rng.chance(0.5) ? GROUP.VIP : GROUP.CUSTOMER };
  if (rng.chance(0.01)) return { groups: [GROUP.VISITOR, GROUP.CUSTOMER], defaultGroup: GROUP.CUSTOMER };
  return { groups: [GROUP.CUSTOMER], defaultGroup: GROUP.CUSTOMER };
}

/** Businesses have a company (and a SIRET in France); individuals leave the fields NULL, '' or ' '. */
function businessFields(rng: Rng, vocabulary: Vocabulary, country: CountryIso) {
  if (rng.chance(0.07)) {
    const siret = country === 'FR' && rng.chance(0.9) ? rng.digits(14) : rng.pick([null, '']);
    return { isBusiness: true, company: rng.pick(vocabulary.companies), siret };
  }
  const company = rng.weighted<string | null>([[null, 70], ['', 28], [' ', 2]]);
  return { isBusiness: false, company, siret: rng.chance(0.85) ? null : '' };
}

/**
 * NULL (not given), '0000-00-00' (old PrestaShop versions stored "no birthday" so, and MySQL
 * accepts it outside NO_ZERO_DATE), 'YYYY-00-00' (a year-only select) or a date giving an age
 * of 16 to 92 at `now`.
 */
function birthday(rng: Rng, isGuest: boolean, now: number): string | null {
  const kind = isGuest
    ? rng.weighted([['null', 80], ['date', 20]] as const)
    : rng.weighted([['null', 30], ['zero', 2.5], ['year', 0.5], ['date', 67]] as const);
  const age = Math.min(92, Math.max(16, rng.normal(41, 14)));
  const date = formatDate(now - (age + rng.next()) * 365.2425 * DAY);
  if (kind === 'null') return null;
  if (kind === 'zero') return '0000-00-00';
  if (kind === 'year') return `${date.slice(0, 4)}-00-00`;
  return date;
}

function consents(rng: Rng, isGuest: boolean, registeredAt: number, now: number) {
  const newsletter = rng.chance(isGuest ? 0.03 : 0.38);
  // A newsletter date without the flag: subscribed once, unsubscribed since.
  const dated = newsletter || rng.chance(0.06);
  const subscribedAt = Math.min(now, registeredAt + rng.next() * 30 * DAY);
  return {
    newsletter: newsletter ? 1 : 0,
    newsletter_date_add: dated ? formatDateTime(subscribedAt) : null,
    optin: rng.chance(isGuest ? 0.02 : 0.18) ? 1 : 0,
  };
}

function status(rng: Rng, isGuest: boolean) {
  if (rng.chance(isGuest ? 0.005 : 0.02)) return { active: rng.chance(0.5) ? 1 : 0, deleted: 1 };
  if (!isGuest && rng.chance(0.03)) return { active: 0, deleted: 0 };
  return { active: 1, deleted: 0 };
}
