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
  'kopi', 'batik tulis', 'silk', 'honey', 'coffee', 'kabosu', 'lap suon', 'ca phe', 'tea', 'songket',
  'rice', 'pottery', 'chocolate', 'ｶﾎﾞｽ', 'weaving', 'shiitake', 'sambal', 'dodol', 'pepper', 'fish sauce',
];

export const portalBody = (text?: string) => JSON.stringify({ query: PORTAL_QUERY, variables: text ? { text } : {} });
