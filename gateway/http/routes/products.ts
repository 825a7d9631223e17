import { complianceDestination, isoDay } from '../../compliance/destination';
import { evaluateCompliance } from '../../compliance/evaluate';
import type { GatewayServices } from '../../graphql/context';
import { complianceDocument } from '../../jsonld/compliance-document';
import { productDocument } from '../../jsonld/product-document';
import { requestCurrency } from '../../money/currency';
import { languagePreferences } from '../../normalize/language';
import { BoundedMap } from '../../collections/bounded-map';
import { errorResponse } from '../middleware/error-response';
import { matchesIfNoneMatch, weakEtag } from '../middleware/etag';
import { appendVary } from '../middleware/cors';
import { respond, type Timings } from '../middleware/request-context';
import type { GatewayHono } from './env';

const JSON_LD = 'application/ld+json; charset=utf-8';

/** The same IRI answers a browser with the product page: caches keep the two apart. */
function varyOnAccept(response: Response): Response {
  appendVary(response.headers, 'Accept');
  return response;
}

/** Serialized product documents kept (oldest dropped first). */
const MAX_CACHED_DOCUMENTS = 5000;
/** Bytes of serialized documents kept, keys included (UTF-16, as held). */
const MAX_CACHED_DOCUMENT_BYTES = 32 * 1024 * 1024;

export interface ProductRoutesOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'clock' | 'origin'> {
  timings: Timings;
}

/**
 * `GET /products/{id}` (the product's JSON-LD document, serialized once per index version, rate
 * table, currency and, when PUBLIC_URL is unset, origin) and `GET /products/{id}/compliance/{destination}` (its export report).
 */
export function productRoutes(app: GatewayHono, { federation, rates: currentRates, clock, timings, origin: publicOrigin }: ProductRoutesOptions): void {
  const documents = new BoundedMap<string, string>({ maxEntries: MAX_CACHED_DOCUMENTS, maxBytes: MAX_CACHED_DOCUMENT_BYTES });
  app.get('/products/:id', async (c) => {
    const id = c.req.param('id');
    const index = federation.warmIndex() ?? (await federation.index());
    const [item] = await index.lookup([id]);
    if (!item) return errorResponse(c, { status: 404, code: 'NOT_FOUND', message: `no product ${id}`, timings });
    const rates = currentRates();
    const asked = c.req.query('currency');
    const currency = asked ? requestCurrency(asked, rates) : null;
    const origin = publicOrigin.of(c.req.url);
    const key = `${index.version}|${rates.asOf}|${rates.source}|${publicOrigin.key(c.req.url)}|${currency}|${id}`;
    // The document follows the key: its tag answers a revalidation without serializing anything.
    const etag = weakEtag(key);
    const caching = { etag, 'cache-control': 'public, max-age=60' };
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return varyOnAccept(respond(c, { body: null, status: 304, headers: caching, timings }));
    let body = documents.get(key);
    if (body === undefined) {
      body = JSON.stringify(productDocument(item, { origin, currency, rates }));
      documents.set(key, body);
    }
    return varyOnAccept(
      respond(c, { body, headers: { 'content-type': JSON_LD, 'content-language': Object.keys(item.product.name).join(', '), ...caching }, timings }),
    );
  });

  app.get('/products/:id/compliance/:destination', async (c) => {
    const id = c.req.param('id');
    const destination = complianceDestination(c.req.param('destination'));
    const languages = languagePreferences(c.req.query('lang'), c.req.header('accept-language'));
    const [item] = await (await federation.index()).lookup([id]);
    if (!item) return errorResponse(c, { status: 404, code: 'NOT_FOUND', message: `no product ${id}`, timings });
    const today = isoDay(clock());
    const report = evaluateCompliance(item.product, destination, today, languages);
    return c.body(JSON.stringify(complianceDocument(report, publicOrigin.of(c.req.url), today)), 200, { 'content-type': JSON_LD });
  });
}
