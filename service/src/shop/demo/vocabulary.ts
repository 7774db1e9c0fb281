import { Faker, base, de_CH, en, fr, fr_BE, fr_CH, fr_LU, nl_BE, type LocaleDefinition } from '@faker-js/faker';
import type { Rng } from './random';
import type { CountryIso } from './reference-data';

/**
 * Names, streets, cities and company names per country, drawn once from faker (seeded) into
 * small pools; the generator then picks from the pools with its own PRNG. Measured: a faker call
 * costs about 1 µs, a pool pick a few ns, and pools keep the output independent of how many
 * faker calls each customer would need.
 */
export interface Vocabulary {
  male: string[];
  female: string[];
  last: string[];
  /** Street lines with '#' where the house number goes ("# rue de la Paix", "Bahnhofstrasse #"). */
  streets: string[];
  cities: string[];
  companies: string[];
}

interface Source {
  locale: LocaleDefinition[];
  share: number;
  numberFirst: boolean;
}

const SOURCES: Record<CountryIso, Source[]> = {
  FR: [{ locale: [fr, en, base], share: 1, numberFirst: true }],
  BE: [
    { locale: [fr_BE, fr, en, base], share: 0.6, numberFirst: true },
    { locale: [nl_BE, en, base], share: 0.4, numberFirst: false },
  ],
  CH: [
    { locale: [fr_CH, fr, en, base], share: 0.4, numberFirst: true },
    { locale: [de_CH, en, base], share: 0.6, numberFirst: false },
  ],
  LU: [{ locale: [fr_LU, fr, en, base], share: 1, numberFirst: true }],
};

const POOL_SIZE = { names: 300, last: 600, streets: 400, cities: 200, companies: 150 };

function draw(count: number, share: number, make: () => string): string[] {
  return Array.from({ length: Math.max(1, Math.round(count * share)) }, make);
}

function vocabularyFor(sources: Source[], seed: number): Vocabulary {
  const out: Vocabulary = { male: [], female: [], last: [], streets: [], cities: [], companies: [] };
  for (const source of sources) {
    const faker = new Faker({ locale: source.locale });
    faker.seed(seed);
    const { share } = source;
    out.male.push(...draw(POOL_SIZE.names, share, () => faker.person.firstName('male')));
    out.female.push(...draw(POOL_SIZE.names, share, () => faker.person.firstName('female')));
    out.last.push(...draw(POOL_SIZE.last, share, () => faker.person.lastName()));
    const street = (s: string) => (source.numberFirst ? `# ${s}` : `${s} #`);
    out.streets.push(...draw(POOL_SIZE.streets, share, () => street(faker.location.street())));
    out.cities.push(...draw(POOL_SIZE.cities, share, () => faker.location.city()));
    out.companies.push(...draw(POOL_SIZE.companies, share, () => faker.company.name()));
  }
  return out;
}

export function buildVocabularies(seed: number): Record<CountryIso, Vocabulary> {
  return {
    FR: vocabularyFor(SOURCES.FR, seed),
    BE: vocabularyFor(SOURCES.BE, seed),
    CH: vocabularyFor(SOURCES.CH, seed),
    LU: vocabularyFor(SOURCES.LU, seed),
  };
}

/** A postcode as the country writes it; some Luxembourgers type the "L-" prefix. */
export function postcode(rng: Rng, country: CountryIso): string {
  switch (country) {
    case 'FR': {
      const department = rng.int(1, 95);
      return `${String(department === 20 ? 21 : department).padStart(2, '0')}${rng.digits(3)}`;
    }
    case 'BE':
      return String(rng.int(1000, 9999));
    case 'CH':
      return String(rng.int(1000, 9658));
    case 'LU':
      return `${rng.chance(0.15) ? 'L-' : ''}${rng.int(1000, 9999)}`;
  }
}

/** Lowercase ASCII letters only, for e-mail local parts ("Hélène" -> "helene"). */
export function emailSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
