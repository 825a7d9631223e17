/** A seeded generator of synthetic national catalogues: the same seed, the same products. */

export const SYNTHETIC_ECONOMIES = [
  { economy: 'TH', programme: 'OTOP', currency: 'THB', language: 'th', places: ['Chiang Mai', 'Surin', 'Khon Kaen', 'Nan', 'Phuket'] },
  { economy: 'PH', programme: 'OTOP', currency: 'PHP', language: 'fil', places: ['Cebu', 'Bohol', 'Iloilo', 'Davao', 'Aklan'] },
  { economy: 'SG', programme: 'OVOP', currency: 'SGD', language: 'en', places: ['Jurong', 'Tampines', 'Woodlands', 'Bedok'] },
  { economy: 'NZ', programme: 'OVOP', currency: 'NZD', language: 'en', places: ['Otago', 'Nelson', 'Hawke Bay', 'Northland'] },
  { economy: 'CL', programme: 'OVOP', currency: 'CLP', language: 'es', places: ['Chiloé', 'Maule', 'Valparaíso', 'Atacama'] },
  { economy: 'PE', programme: 'OVOP', currency: 'PEN', language: 'es', places: ['Cusco', 'Puno', 'Arequipa', 'Piura'] },
] as const;

const ADJECTIVES = [
  'golden',
  'wild',
  'handwoven',
  'organic',
  'smoked',
  'sun-dried',
  'hand-painted',
  'spiced',
  'roasted',
  'natural',
  'heritage',
  'mountain',
  'river',
  'village',
  'royal',
  'fragrant',
];
const GOODS = [
  ['honey', 'FOOD'],
  ['rice', 'FOOD'],
  ['chili paste', 'FOOD'],
  ['dried mango', 'FOOD'],
  ['fish sauce', 'FOOD'],
  ['noodles', 'FOOD'],
  ['coffee', 'BEVERAGE'],
  ['tea', 'BEVERAGE'],
  ['cordial', 'BEVERAGE'],
  ['herbal balm', 'HERBAL'],
  ['herb compress', 'HERBAL'],
  ['silk scarf', 'TEXTILE'],
  ['cotton shawl', 'TEXTILE'],
  ['brocade', 'TEXTILE'],
  ['basket', 'HANDICRAFT'],
  ['pottery vase', 'HANDICRAFT'],
  ['wood carving', 'HANDICRAFT'],
  ['lantern', 'HANDICRAFT'],
  ['homestay night', 'RURAL_TOURISM'],
] as const;
const CATEGORY_WORDS: Record<string, string> = {
  FOOD: 'food',
  BEVERAGE: 'beverages',
  HERBAL: 'herbal products',
  TEXTILE: 'textiles',
  HANDICRAFT: 'handicrafts',
  RURAL_TOURISM: 'rural tourism',
};

/**
 * Search texts that each match thousands of synthetic products (issue 30's "broad words": an adjective
 * is in about 1 of 16 names, a category word in up to a third), with prefixes that the search stretches
 * back to the whole word. More than the index's memo of recent selections holds, so that each search
 * really runs.
 */
export function broadSearchTexts(): string[] {
  const words = [...ADJECTIVES, ...GOODS.map(([good]) => good), ...SYNTHETIC_ECONOMIES.flatMap((e) => e.places), ...Object.values(CATEGORY_WORDS)];
  const prefixes = words.filter((w) => w.length >= 6 && !w.includes(' ')).map((w) => w.slice(0, -1));
  return [...new Set([...words, ...prefixes].map((w) => w.toLowerCase()))];
}

/**
 * Search texts no bench query sends before (issue 30's edge p99 over many searches, every text new):
 * the broad words and their prefixes, then an adjective with a good ("wild honey"), which matches
 * fewer products: broad and narrow words together, each text once.
 */
export function newSearchTexts(): string[] {
  const pairs = ADJECTIVES.flatMap((adjective) => GOODS.map(([good]) => `${adjective} ${good}`));
  return [...new Set([...broadSearchTexts(), ...pairs])];
}

/** mulberry32: a small, fast, seeded PRNG. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gtin13(body12: string): string {
  const sum = [...body12].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return body12 + ((10 - (sum % 10)) % 10);
}

/** `count` products for one economy, as that economy's JSON API would list them. */
export function generateCatalogue(economyIndex: number, count: number, seed = 20261123): Array<Record<string, unknown>> {
  const e = SYNTHETIC_ECONOMIES[economyIndex]!;
  const next = random(seed + economyIndex * 7919);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const adjective = pick(ADJECTIVES);
    const [good, category] = pick(GOODS);
    const place = pick(e.places);
    const name = `${place} ${adjective} ${good}`;
    return {
      sku: `${e.economy}-${String(i).padStart(6, '0')}`,
      name_local: `${name} ${i % 97}`,
      name_en: `${adjective[0]!.toUpperCase()}${adjective.slice(1)} ${good} of ${place}`,
      description_en: `A ${adjective} ${good} made by a village group in ${place}, from local materials and an old recipe or craft.`,
      category: CATEGORY_WORDS[category],
      // Whole pesos: CLP has no minor unit (a price with decimals would rightly be refused).
      price: e.currency === 'CLP' ? 1000 * (5 + Math.floor(next() * 495)) : Math.round((5 + next() * 495) * 100) / 100,
      rating: e.programme === 'OTOP' ? 1 + Math.floor(next() * 5) : null,
      maker: `${place} ${pick(['cooperative', 'women group', 'farmers', 'artisans'])} ${i % 311}`,
      province: place,
      gtin: i % 2 === 0 ? gtin13(`885${String(economyIndex)}${String(i).padStart(8, '0')}`) : null,
      hs: '0409.00',
      certifications: next() < 0.3 ? ['HALAL'] : [],
      photos: [`https://samples.ovop.example/img/${e.economy.toLowerCase()}/${i}.jpg`],
      net: `${100 + Math.floor(next() * 900)} g`,
    };
  });
}

/** The manifest an economy registers for its synthetic catalogue. */
export function syntheticManifest(economyIndex: number, base: string) {
  const e = SYNTHETIC_ECONOMIES[economyIndex]!;
  return {
    id: `${e.economy.toLowerCase()}-synthetic`,
    economy: e.economy,
    programme: e.programme,
    name: `${e.economy} synthetic catalogue`,
    source: {
      url: `${base}/${e.economy.toLowerCase()}/items`,
      format: 'json',
      items: 'items',
      pagination: { type: 'page', param: 'page', sizeParam: 'size', size: 1000 },
    },
    defaults: { currency: e.currency, language: e.language },
    mapping: {
      localId: 'sku',
      name: { [e.language]: 'name_local', en: 'name_en' },
      description: { en: 'description_en' },
      category: 'category',
      price: 'price',
      rating: 'rating',
      'producer.name': 'maker',
      'origin.region': 'province',
      gtin: 'gtin',
      hsCode: 'hs',
      certifications: 'certifications',
      images: 'photos',
      netContent: 'net',
    },
  };
}
