import type { ChangeLog } from '../../changes/change-log';
import type { GatewayServices } from '../../graphql/context';
import { productDocumentText } from '../../jsonld/product-document';
import { requestCurrency } from '../../money/currency';
import { languagePreferences } from '../../normalize/language';
import type { Timings } from '../middleware/request-context';
import { catalogueStream, STREAM_PAGE } from './catalogue-stream';
import { errorResponse } from '../middleware/error-response';
import type { GatewayHono } from './env';

export interface ExportRoutesOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'origin'> {
  /** The change log whose head the export names (X-Changes-Cursor). */
  changes: ChangeLog;
  timings: Timings;
}

/** The query an export or feed takes: `economy`, `lang`, `currency`; an error message when it is not one. */
export function catalogueQuery(url: URL, rates: ReturnType<GatewayServices['rates']>, acceptLanguage: string | undefined) {
  const economyParam = url.searchParams.get('economy');
  if (economyParam !== null && !/^[A-Za-z]{2}$/.test(economyParam))
    return { error: `economy: ${JSON.stringify(economyParam.slice(0, 64))} is not an ISO 3166-1 alpha-2 code` };
  const lang = url.searchParams.get('lang');
  if (lang !== null && (lang.length > 64 || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(lang)))
    return { error: `lang: ${JSON.stringify(lang.slice(0, 64))} is not a BCP 47 tag` };
  const asked = url.searchParams.get('currency');
  let currency: string | null = null;
  try {
    currency = asked ? requestCurrency(asked, rates) : null;
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { economy: economyParam?.toUpperCase() ?? null, languages: languagePreferences(lang, acceptLanguage), currency };
}

/**
 * `GET /exports/products.ndjson`: every product as its JSON-LD document, one a line, streamed a
 * page of the catalogue at a time (the index's, or the shards' merged walk; docs/contract.md). X-Changes-Cursor is the change log's head taken
 * before the index is read: applying `/changes?after=` it to the export keeps a copy exact (a
 * change the export already shows comes again, and applying it again changes nothing).
 */
export function exportRoutes(app: GatewayHono, { federation, rates: currentRates, changes, origin: publicOrigin, timings }: ExportRoutesOptions): void {
  app.get('/exports/products.ndjson', async (c) => {
    const url = new URL(c.req.url);
    const rates = currentRates();
    const query = catalogueQuery(url, rates, c.req.header('accept-language'));
    if ('error' in query) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: query.error!, timings });
    const cursor = await changes.head();
    const walk = await federation.walk({ economy: query.economy, records: true, pageSize: STREAM_PAGE });
    const options = { origin: publicOrigin.of(c.req.url), currency: query.currency, rates };
    const body = catalogueStream({ walk, item: (record) => `${productDocumentText(record, options)}\n` });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'x-changes-cursor': cursor,
        'cache-control': 'no-store',
        'x-request-id': c.get('requestId'),
      },
    });
  });
}
