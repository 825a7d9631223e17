import type { CanonicalProduct } from '../../../schemas/product';

// A small catalogue of three economies, with words shared across products (so searches tie), names
// in two languages, products without a rating or a price, and prices in several currencies.
export const ECONOMIES = [
  { connector: 'jp-michi-no-eki', economy: 'JP', language: 'ja', currency: 'JPY', local: ['緑茶', '味噌', '柚子', '陶器'] },
  { connector: 'th-otop', economy: 'TH', language: 'th', currency: 'THB', local: ['กาแฟ', 'น้ำผึ้ง', 'ผ้าไหม', 'ข้าว'] },
  { connector: 'vn-ocop', economy: 'VN', language: 'vi', currency: 'VND', local: ['cà phê', 'mật ong', 'nước mắm', 'trà sen'] },
] as const;
const NOUNS = ['honey', 'coffee', 'tea', 'silk', 'rice', 'pottery', 'sauce', 'scarf', 'basket', 'chocolate', 'pepper', 'weaving'];
const ADJECTIVES = ['wild', 'golden', 'smoked', 'organic', 'dried', 'roasted', 'woven', 'spicy'];
const PLACES = ['Cebu', 'Otago', 'Chiang Mai', 'Da Lat', 'Oita', 'Kyoto'];
const CATEGORY = ['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT'];
const SCHEMES = ['OCOP', 'OTOP', 'ORGANIC'];

/**
 * Words of a few products: "marlo" in one product only, "marlowe" and "marlon" in several. A shard
 * without the "marlo" product, searching with its own statistics, would take "marlo" for a word
 * being typed and match "marlowe": with the whole catalogue's, it matches "marlo" alone, as one index does.
 */
const rare = (economy: number, i: number) => (economy === 2 && i === 3 ? ' marlo' : i % 9 === 0 ? ' marlowe' : i % 13 === 0 ? ' marlon' : '');

/** The catalogue: each product with its connector, in a fixed order (a seeded generator). */
export function products(): Array<{ connector: string; product: CanonicalProduct }> {
  let seed = 30;
  const random = (n: number) => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) % n;
  const made: Array<{ connector: string; product: CanonicalProduct }> = [];
  ECONOMIES.forEach((e, k) => {
    for (let i = 0; i < 40 + 7 * k; i++) {
      const noun = NOUNS[random(NOUNS.length)]!;
      const english = `${ADJECTIVES[random(ADJECTIVES.length)]} ${noun}${random(4) === 0 ? `s` : ''}`;
      const product = {
        id: `${e.connector}:${String(random(100_000)).padStart(5, '0')}-${i}`,
        economy: e.economy,
        language: e.language,
        name: random(5) === 0 ? { [e.language]: e.local[random(4)]! } : { en: english, [e.language]: e.local[random(4)]! },
        description: { en: `${english} from ${PLACES[random(PLACES.length)]}, ${NOUNS[random(NOUNS.length)]} and ${NOUNS[random(NOUNS.length)]}${rare(k, i)}` },
        origin: { country: e.economy, region: PLACES[random(PLACES.length)] },
        category: CATEGORY[random(CATEGORY.length)],
        ...(random(4) > 0 && { rating: { value: 1 + random(5), max: 5 } }),
        ...(random(5) > 0 && { price: { currency: random(3) === 0 ? 'USD' : e.currency, amount: `${1 + random(60)}${random(2) ? '.50' : ''}` } }),
        certifications: random(3) === 0 ? [{ scheme: SCHEMES[random(SCHEMES.length)] }] : [],
      } as unknown as CanonicalProduct;
      made.push({ connector: e.connector, product });
    }
  });
  return made;
}

/**
 * Each shard's products' ranks in their connector's whole id order, from each shard's ids of that
 * connector in ascending order (JavaScript's string order, as a snapshot numbers them): a k-way
 * merge over arrays, linear in the ids: the reference the harvest's streamed merge (`mergeRanks`) is
 * checked against.
 */
export function rankIds(shards: ReadonlyArray<readonly string[]>): Int32Array[] {
  const ranks = shards.map((ids) => new Int32Array(ids.length));
  const at = new Int32Array(shards.length);
  for (let rank = 0; ; rank++) {
    let best = -1;
    for (let s = 0; s < shards.length; s++) {
      if (at[s]! >= shards[s]!.length) continue;
      if (best < 0 || shards[s]![at[s]!]! < shards[best]![at[best]!]!) best = s;
    }
    if (best < 0) return ranks;
    ranks[best]![at[best]!++] = rank;
  }
}
