/** The portal's product query: 20 products in USD and English, with what a product card shows. */
export const PORTAL_QUERY = /* GraphQL */ `
  query Portal($text: String) {
    products(first: 20, currency: "USD", lang: "en", filter: { text: $text }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name { value lang fallback } price { amount currency formatted } rating { value max } category { code label } origin { country region } } }
    }
  }
`;

/** Twenty searches as visitors type them, in several languages and scripts. */
export const SEARCH_TEXTS = [
  'kopi',
  'batik tulis',
  'silk',
  'honey',
  'coffee',
  'kabosu',
  'lap suon',
  'ca phe',
  'tea',
  'songket',
  'rice',
  'pottery',
  'chocolate',
  'ｶﾎﾞｽ',
  'weaving',
  'shiitake',
  'sambal',
  'dodol',
  'pepper',
  'fish sauce',
];

export const portalBody = (text?: string) => JSON.stringify({ query: PORTAL_QUERY, variables: text ? { text } : {} });

/** The portal's product query with the visitor's language, currency and page size as variables. */
export const LONG_TAIL_QUERY = /* GraphQL */ `
  query Portal($text: String, $lang: String, $currency: String, $first: Int) {
    products(first: $first, currency: $currency, lang: $lang, filter: { text: $text }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name { value lang fallback } price { amount currency formatted } rating { value max } category { code label } origin { country region } } }
    }
  }
`;

const LONG_TAIL_TEXTS = [
  ...SEARCH_TEXTS,
  'batik',
  'kerupuk',
  'keropok',
  'nuoc mam',
  'lacquer',
  'sake',
  'miso',
  'ceramics',
  'cà phê',
  'コーヒー',
  'กาแฟ',
  'น้ำผึ้ง',
  'cokelat',
  'kape',
  'basket',
  'scarf',
  'sauce',
  'dried',
  'organic',
  null,
];
const LONG_TAIL_LANGS = ['en', 'ja', 'vi', 'th', 'id', 'ms', 'fil'];
const LONG_TAIL_CURRENCIES = ['USD', 'JPY', 'VND', 'THB', 'IDR', 'MYR', 'PHP', 'EUR'];
const LONG_TAIL_SIZES = [10, 20, 24, 50];

/**
 * `count` portal queries that cycle through `texts`, each round in another language, currency or page
 * size, so that no two bodies are alike and no response cache helps; the texts themselves repeat, so
 * the search they run is the same each round (issue 30's broad words at scale).
 */
export function varyingBodies(texts: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const round = Math.floor(i / texts.length);
    const variables = {
      text: texts[i % texts.length],
      lang: LONG_TAIL_LANGS[round % LONG_TAIL_LANGS.length],
      currency: LONG_TAIL_CURRENCIES[Math.floor(round / LONG_TAIL_LANGS.length) % LONG_TAIL_CURRENCIES.length],
      first: LONG_TAIL_SIZES[Math.floor(round / (LONG_TAIL_LANGS.length * LONG_TAIL_CURRENCIES.length)) % LONG_TAIL_SIZES.length],
    };
    return JSON.stringify({ query: LONG_TAIL_QUERY, variables });
  });
}

/**
 * One portal query per text, in a seeded random order of the texts, each in another language,
 * currency and page size: `count` searches in which no text comes twice (fewer when there are fewer
 * texts), so that nothing memoized by text helps.
 */
export function distinctTextBodies(texts: readonly string[], count: number, seed = 30): string[] {
  return shuffled([...new Set(texts)], seed)
    .slice(0, count)
    .map((text, i) => {
      const variables = {
        text,
        lang: LONG_TAIL_LANGS[i % LONG_TAIL_LANGS.length],
        currency: LONG_TAIL_CURRENCIES[i % LONG_TAIL_CURRENCIES.length],
        first: LONG_TAIL_SIZES[i % LONG_TAIL_SIZES.length],
      };
      return JSON.stringify({ query: LONG_TAIL_QUERY, variables });
    });
}

/**
 * The long tail: `count` distinct portal queries (search text × language × currency × page size) in a
 * seeded random order, so that no response cache can help and every run sends the same bodies.
 */
export function longTailBodies(count = 2000, seed = 18): string[] {
  const all: string[] = [];
  for (const text of LONG_TAIL_TEXTS)
    for (const lang of LONG_TAIL_LANGS)
      for (const currency of LONG_TAIL_CURRENCIES)
        for (const first of LONG_TAIL_SIZES) all.push(JSON.stringify({ query: LONG_TAIL_QUERY, variables: { ...(text && { text }), lang, currency, first } }));
  return shuffled(all, seed).slice(0, count);
}

/** `items` in a seeded random order (Fisher-Yates over a linear congruential generator), in place: every run alike. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
