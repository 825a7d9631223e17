import { sampleImageSvg } from '../../../connectors/samples/images';
import { errorResponse } from '../middleware/error-response';
import { matchesIfNoneMatch, weakEtag } from '../middleware/etag';
import { respond, type Timings } from '../middleware/request-context';
import type { GatewayHono } from './env';

/** A day: the pictures change only with the project's code. */
const MAX_AGE = 86_400;

/**
 * `GET /samples/images/{name}.svg`: the sample catalogues' pictures, drawn by the project (see
 * connectors/samples/images.ts), so a first run's pages show pictures with no request leaving the
 * machine. Cached for a day, with an ETag; the SVG runs no script (its own CSP) and is never sniffed.
 */
export function sampleImageRoutes(app: GatewayHono, timings: Timings): void {
  app.get('/samples/images/:file', (c) => {
    const file = c.req.param('file');
    const svg = file.endsWith('.svg') ? sampleImageSvg(file.slice(0, -'.svg'.length)) : undefined;
    if (svg === undefined) return errorResponse(c, { status: 404, code: 'NOT_FOUND', message: 'no such sample image', timings });
    const etag = weakEtag(svg);
    const headers = {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': `public, max-age=${MAX_AGE}`,
      etag,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    };
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return respond(c, { body: null, status: 304, headers, timings });
    return respond(c, { body: svg, headers, timings });
  });
}
