import { complianceDestination, isoDay } from '../../compliance/destination';
import { evaluateCompliance } from '../../compliance/evaluate';
import { errorBody } from '../../errors';
import type { GatewayServices } from '../../graphql/context';
import { complianceDocument } from '../../jsonld/compliance-document';
import { productDocument } from '../../jsonld/product-document';
import { requestCurrency } from '../../money/currency';
import { languagePreferences } from '../../normalize/language';
import { errorResponse } from '../middleware/error-response';
import { WeighedCache } from '../weighed-cache';
import { respond, type Timings } from '../middleware/request-context';
import type { GatewayHono } from './env';

const JSON_LD = 'application/ld+json; charset=utf-8';

/** Serialized product documents kept (least recently used dropped first), by count and by size. */
const MAX_CACHED_DOCUMENTS = 5000;
/** UTF-16 code units of serialized documents kept: a document's string is about that many bytes or twice that. */
const MAX_CACHED_DOCUMENT_BYTES = 32 * 1024 * 1024;

export interface ProductRoutesOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'clock' | 'origin'> {
  timings: Timings;
}

/**
 * `GET /products/{id}` (the product's JSON-LD document, serialized once per index version, rate
 * table, currency and, when PUBLIC_URL is unset, origin) and `GET /products/{id}/compliance/{destination}` (its export report).
 */
export function productRoutes(app: GatewayHono, { federation, rates: currentRates, clock, timings, origin: publicOrigin }: ProductRoutesOptions): void {
  const documents = new WeighedCache<string>({ maxEntries: MAX_CACHED_DOCUMENTS, maxBytes: MAX_CACHED_DOCUMENT_BYTES, weigh: (body) => body.length });
  app.get('/products/:id', async (c) => {
    const id = c.req.param('id');
    const index = federation.warmIndex() ?? (await federation.index());
    const [item] = await index.lookup([id]);
    if (!item) return errorResponse(c, timings, 404, 'NOT_FOUND', `no product ${id}`);
    const rates = currentRates();
    const asked = c.req.query('currency');
    const currency = asked ? requestCurrency(asked, rates) : null;
    const origin = publicOrigin.of(c.req.url);
    const key = `${index.version}|${rates.asOf}|${rates.source}|${publicOrigin.key(c.req.url)}|${currency}|${id}`;
    let body = documents.get(key);
    if (body === undefined) {
      body = JSON.stringify(productDocument(item, { origin, currency, rates }));
      documents.set(key, body);
    }
    return respond(c, timings, body, 200, { 'content-type': JSON_LD, 'content-language': Object.keys(item.product.name).join(', ') });
  });

  app.get('/products/:id/compliance/:destination', async (c) => {
    const id = c.req.param('id');
    const destination = complianceDestination(c.req.param('destination'));
    const languages = languagePreferences(c.req.query('lang'), c.req.header('accept-language'));
    const [item] = await (await federation.index()).lookup([id]);
    if (!item) return c.json(errorBody('NOT_FOUND', `no product ${id}`), 404);
    const today = isoDay(clock());
    const report = evaluateCompliance(item.product, destination, today, languages);
    return c.body(JSON.stringify(complianceDocument(report, publicOrigin.of(c.req.url), today)), 200, { 'content-type': JSON_LD });
  });
}
