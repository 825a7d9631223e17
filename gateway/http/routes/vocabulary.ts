import { OVOP_CONTEXT } from '../../../schemas/jsonld/context';
import { VOCABULARY } from '../../../schemas/jsonld/vocab';
import { respond, type Timings } from '../middleware/request-context';
import type { GatewayHono } from './env';

const JSON_LD = 'application/ld+json; charset=utf-8';
const CONTEXT_JSON = JSON.stringify(OVOP_CONTEXT);
const VOCABULARY_JSON = JSON.stringify(VOCABULARY);
const CACHED_A_DAY = 'public, max-age=86400';

/** `GET /contexts/ovop.jsonld` and `GET /vocab`: the shared JSON-LD context and vocabulary, serialized once. */
export function vocabularyRoutes(app: GatewayHono, timings: Timings): void {
  app.get('/contexts/ovop.jsonld', (c) => respond(c, { body: CONTEXT_JSON, headers: { 'content-type': JSON_LD, 'cache-control': CACHED_A_DAY }, timings }));
  app.get('/vocab', (c) => respond(c, { body: VOCABULARY_JSON, headers: { 'content-type': JSON_LD, 'cache-control': CACHED_A_DAY }, timings }));
}
