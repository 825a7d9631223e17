import type { CanonicalProduct } from '../../../schemas/product';
import type { IndexedProduct } from '../../federation/snapshot';
import type { GatewayServices } from '../../graphql/context';
import { convertMoney } from '../../money/currency';
import type { RateTable } from '../../money/rates/table';
import { pickLocalized } from '../../normalize/language';
import type { Timings } from '../middleware/request-context';
import { catalogueStream, STREAM_PAGE } from './catalogue-stream';
import { errorResponse } from '../middleware/error-response';
import type { GatewayHono } from './env';
import { catalogueQuery } from './exports';
import { escapeXml, truncateText } from './xml-text';

export interface FeedRoutesOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'origin'> {
  timings: Timings;
}

/** Merchant Center's limits (docs/domain.md, "Keeping copies in sync"). */
export const MERCHANT_LIMITS = { id: 50, title: 150, description: 5000 } as const;

/** Google's product taxonomy ids of the shared categories that have one (rural tourism, a service, has none). */
const GOOGLE_CATEGORIES: Readonly<Record<string, string>> = {
  FOOD: '422', // Food, Beverages & Tobacco > Food Items
  BEVERAGE: '413', // Food, Beverages & Tobacco > Beverages
  HERBAL: '469', // Health & Beauty
  TEXTILE: '166', // Apparel & Accessories
  HANDICRAFT: '8', // Arts & Entertainment
};

/** The product's availability as Merchant Center writes it; undefined when unknown (the element is left out). */
const AVAILABILITY: Readonly<Record<string, string>> = {
  IN_STOCK: 'in_stock',
  OUT_OF_STOCK: 'out_of_stock',
  PRE_ORDER: 'preorder',
  DISCONTINUED: 'out_of_stock',
};

const G = 'http://base.google.com/ns/1.0';

export interface MerchantItemOptions {
  /** Absolute base of the links: PUBLIC_URL or the request's origin, without a trailing slash. */
  base: string;
  languages: readonly string[];
  currency: string | null;
  rates: RateTable;
}

/**
 * One product as a Merchant Center `<item>`, or '' when it cannot be one (an id longer than
 * Merchant Center takes: cutting it would make two products one).
 */
export function merchantItem(p: CanonicalProduct, { base, languages, currency, rates }: MerchantItemOptions): string {
  if ([...p.id].length > MERCHANT_LIMITS.id) return '';
  const own = Object.keys(p.name)[0] ?? 'en';
  const title = pickLocalized(p.name, languages, own)?.value ?? p.id;
  const description = (pickLocalized(p.description, languages, own) ?? pickLocalized(p.story, languages, own))?.value ?? title;
  const el = (name: string, value: string | undefined | null) => (value ? `<${name}>${escapeXml(value)}</${name}>` : '');
  const price = p.price ? priceOf(p.price, currency, rates) : null;
  const availability = p.availability && AVAILABILITY[p.availability];
  return [
    '<item>',
    el('g:id', p.id),
    el('title', truncateText(title, MERCHANT_LIMITS.title)),
    el('description', truncateText(description, MERCHANT_LIMITS.description)),
    el('link', `${base}/products/${encodeURIComponent(p.id)}`),
    el('g:image_link', p.images[0]),
    ...p.images.slice(1, 11).map((image) => el('g:additional_image_link', image)),
    el('g:availability', availability),
    el('g:price', price && `${price.amount} ${price.currency}`),
    el('g:gtin', p.gtin),
    el('g:brand', p.producer?.name),
    el('g:condition', 'new'),
    el('g:google_product_category', p.category && GOOGLE_CATEGORIES[p.category]),
    '</item>\n',
  ].join('');
}

/** The price in the asked currency; without a rate to it, none (the item is still listed). */
function priceOf(money: NonNullable<CanonicalProduct['price']>, currency: string | null, rates: RateTable) {
  try {
    return convertMoney(money, currency, rates);
  } catch {
    return null;
  }
}

/**
 * `GET /feeds/google-merchant.xml`: the catalogue as a Merchant Center product feed (RSS 2.0 with
 * the `g:` namespace), streamed a page of the catalogue at a time (the index's, or the shards'); query `economy`, `lang`, `currency`.
 */
export function feedRoutes(app: GatewayHono, { federation, rates: currentRates, timings, origin }: FeedRoutesOptions): void {
  app.get('/feeds/google-merchant.xml', async (c) => {
    const url = new URL(c.req.url);
    const rates = currentRates();
    const query = catalogueQuery(url, rates, c.req.header('accept-language'));
    if ('error' in query) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: query.error!, timings });
    const walk = await federation.walk({ economy: query.economy, records: true, pageSize: STREAM_PAGE });
    const base = origin.of(c.req.url);
    const options: MerchantItemOptions = { base, languages: query.languages, currency: query.currency, rates };
    const title = query.economy ? `APEC OVOP products of ${query.economy}` : 'APEC OVOP products';
    const body = catalogueStream({
      walk,
      head:
        `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="${G}">\n<channel>\n` +
        `<title>${escapeXml(title)}</title>\n<link>${escapeXml(`${base}/`)}</link>\n` +
        '<description>One Village One Product catalogues of APEC economies, federated.</description>\n',
      item: (record: IndexedProduct) => merchantItem(record.product, options),
      tail: '</channel>\n</rss>\n',
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': c.get('requestId') },
    });
  });
}
