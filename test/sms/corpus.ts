/**
 * Seeded random SMS texts for the differential test and bench/sms-count.ts: ASCII, French accents
 * (in and outside GSM), extension characters, typography, emoji, and lengths that crowd the part
 * boundaries (153/160 septets, 67/70 units) so escape and surrogate pairs land on them often.
 */

export type Rand = () => number;

/** mulberry32: tiny, fast, and the same sequence on every run and platform. */
export function seededRandom(seed: number): Rand {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII = Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?\'"()-+*/=<>@#%&_$\n\r');
const FRENCH_GSM = Array.from('éèàùìòÉÇÄÖÑÜäöñüÅåÆæØøß£¥§¿¡¤ΔΦΓΛΩΠΨΣΘΞ');
const FRENCH_NON_GSM = Array.from('çêëîïôûâœŒÊÈÀÂÎÔÛŸÿ');
const EXTENSION = Array.from('\f^{}\\[~]|€');
const TYPOGRAPHY = Array.from('’‘“”«»…–—\u00a0\u202f\u200b`\t°');
const EMOJI = ['😀', '🎉', '👍', '🚚', '📦', '💶', '❤', '✓', '😍', '𝐀'];
/** Multi-code-point grapheme clusters: flags, skin tones, ZWJ families, keycaps, combining accents. */
export const CLUSTERS = ['🇫🇷', '👍🏽', '👨\u200d👩\u200d👧', '1\ufe0f\u20e3', 'e\u0301', '❤\ufe0f'];

type Pool = { chars: readonly string[]; weight: number };

function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function pickPool(rand: Rand, pools: Pool[]): readonly string[] {
  const total = pools.reduce((sum, p) => sum + p.weight, 0);
  let r = rand() * total;
  for (const pool of pools) {
    r -= pool.weight;
    if (r < 0) return pool.chars;
  }
  return pools[pools.length - 1].chars;
}

/** A length in UTF-16 units near a part boundary of either encoding, or anywhere up to 1000. */
function targetLength(rand: Rand): number {
  const r = rand();
  if (r < 0.35) return 153 * (1 + Math.floor(rand() * 7)) + Math.floor(rand() * 7) - 3;
  if (r < 0.55) return 67 * (1 + Math.floor(rand() * 7)) + Math.floor(rand() * 5) - 2;
  if (r < 0.65) return [160, 70][Math.floor(rand() * 2)] + Math.floor(rand() * 5) - 2;
  return Math.floor(rand() * 1000);
}

/** One random text; `clusters` mixes in multi-code-point grapheme clusters. */
export function randomText(rand: Rand, clusters = false): string {
  const flavour = rand();
  const pools: Pool[] = [
    { chars: ASCII, weight: 10 },
    { chars: FRENCH_GSM, weight: 2 },
    { chars: EXTENSION, weight: flavour < 0.4 ? 4 : 1 },
  ];
  // About half the texts stay GSM; the others pick up UCS-2 characters at various densities.
  if (flavour >= 0.5) {
    pools.push({ chars: FRENCH_NON_GSM, weight: 1 }, { chars: TYPOGRAPHY, weight: 1 }, { chars: EMOJI, weight: flavour < 0.75 ? 0.2 : 3 });
    if (clusters) pools.push({ chars: CLUSTERS, weight: 1 });
  }
  const target = Math.max(0, targetLength(rand));
  let text = '';
  while (text.length < target) text += pick(rand, pickPool(rand, pools));
  return text;
}

export function randomCorpus(seed: number, size: number, clusters = false): string[] {
  const rand = seededRandom(seed);
  return Array.from({ length: size }, () => randomText(rand, clusters));
}
