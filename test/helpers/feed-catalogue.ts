import { Hono } from 'hono';
import { phManifest } from './economy-server';
import { type Served, serveOnFreePort } from './serve';

/**
 * A catalogue the change-feed suites edit between refreshes (Node: test/change-feed.test.ts;
 * Workers: test/edge-change-feed.test.ts), registered through the registration API as a
 * Philippine connector.
 */

/** One record of the catalogue, as its server answers it. */
export interface FeedItem {
  sku: string;
  [field: string]: unknown;
}

/** A product of the test's catalogue: no certificates, so the clock writes nothing of its own. */
export const feedItem = (n: number, over: Partial<FeedItem> = {}): FeedItem => ({
  sku: `FEED-${String(n).padStart(4, '0')}`,
  name_fil: `Produkto ${n}`,
  name_en: `Product ${n}`,
  description_en: `Woven by hand, piece ${n}.`,
  category: 'Pagkain',
  price: `₱${100 + n}.00`,
  maker: { name: 'Mandaue Weavers Cooperative', province: 'Cebu' },
  region: 'Central Visayas',
  town: 'Mandaue City',
  net: '200 g',
  label_languages: ['en', 'fil'],
  photos: [`https://samples.ovop.example/img/feed/${n}.jpg`],
  ...over,
});

/** The product id of the catalogue's `n`th item under `connector`. */
export const feedProductId = (connector: string, n: number) => `${connector}:FEED-${String(n).padStart(4, '0')}`;

export interface FeedCatalogue extends Served {
  items: FeedItem[];
  /** The page (1-based) answered 500, or 0 for none. */
  failPage: number;
}

/** A JSON catalogue paged by cursor, five items a page, that the test edits between refreshes. */
export async function startFeedCatalogue(count = 10): Promise<FeedCatalogue> {
  const state = { items: Array.from({ length: count }, (_, i) => feedItem(i + 1)), failPage: 0 };
  const app = new Hono().get('/items', (c) => {
    const offset = Number(c.req.query('cursor') ?? 0);
    const limit = Number(c.req.query('limit') ?? 5);
    if (state.failPage && Math.floor(offset / limit) + 1 === state.failPage) return c.text('upstream exploded', 500);
    const next = offset + limit < state.items.length ? String(offset + limit) : null;
    return c.json({ data: { items: state.items.slice(offset, offset + limit) }, next });
  });
  const served = await serveOnFreePort(app.fetch);
  return Object.assign(state, served);
}

/**
 * The Philippines' manifest (test/helpers/economy-server.ts) on a feed catalogue's server, as
 * connector `id`; `stock` maps onto `availability` (absent in an item: UNKNOWN), `shelf_life_days`
 * onto `shelfLifeDays`.
 */
export function feedManifest(base: string, id: string) {
  const ph = phManifest(base);
  return {
    ...ph,
    id,
    name: 'Philippines OTOP (change feed test)',
    source: { ...ph.source, url: `${base}/items` },
    mapping: { ...ph.mapping, availability: 'stock', shelfLifeDays: 'shelf_life_days' },
  };
}
