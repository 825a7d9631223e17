import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * A national source that never stops paging (a runaway paginator, or simply a catalogue larger than
 * the page cap): the gateway keeps every page it read up to the cap, serves those products, and says
 * the harvest was truncated. Before, the cap threw and discarded every page already read.
 */
const ADMIN = 'operator-token-for-page-cap-tests';
let source: Served;
let gateway: TestGateway;
let requests = 0;

const as = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
const REGISTER = `mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status productCount lastError } report { ok accepted issues { path message } } } }`;

function manifest(id: string, economy: string, pagination: Record<string, unknown>) {
  return {
    id,
    economy,
    programme: 'OTOP',
    name: `${economy} endless catalogue`,
    source: { url: `${source.url}/${id}/items`, format: 'json', items: 'items', pagination },
    defaults: { currency: 'THB', language: 'en' },
    mapping: { localId: 'sku', name: { en: 'name' }, category: 'category', price: 'price', 'origin.region': 'region' },
  };
}

beforeAll(async () => {
  source = await serveOnFreePort((request) => {
    requests++;
    const url = new URL(request.url);
    const n = Number(url.searchParams.get('page') ?? url.searchParams.get('cursor') ?? 0);
    const item = { sku: `SKU-${n}`, name: `Endless basket number ${n}`, category: 'handicrafts', price: '100.00', region: 'Chiang Mai' };
    return Response.json({ items: [item], next: String(n + 1) });
  });
  gateway = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' });
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  await source?.close();
});

describe('a harvest that reaches the page cap', () => {
  it.each([
    ['th-endless-pages', 'TH', { type: 'page', param: 'page' }],
    ['ph-endless-cursor', 'PH', { type: 'cursor', param: 'cursor', next: 'next' }],
  ])(
    '%s: keeps the 1,000 pages it read, serves them, and reports the truncation',
    async (id, economy, pagination) => {
      const key = (await gateway.graphql('mutation($e: String!) { createEconomyKey(economy: $e) { key } }', { e: economy }, as(ADMIN))).data.createEconomyKey
        .key;
      const before = requests;
      const { data, errors } = await gateway.graphql(REGISTER, { m: manifest(id, economy, pagination) }, as(key));
      expect(errors).toBeUndefined();
      expect(requests - before).toBeLessThanOrEqual(1000 + 20); // the dry run's sample, then at most the cap
      expect(data.registerConnector.connector).toMatchObject({ id, status: 'DEGRADED', productCount: 1000 });
      expect(data.registerConnector.connector.lastError).toMatch(/truncated.*1000 pages/);
      expect(data.registerConnector.report).toMatchObject({ ok: false, accepted: 1000 });
      expect(data.registerConnector.report.issues[0]).toMatchObject({ path: 'source.pagination', message: expect.stringMatching(/truncated/) });
      const found = await gateway.graphql('{ products(first: 1, filter: { text: "endless basket" }) { totalCount } }');
      expect(found.data.products.totalCount).toBeGreaterThanOrEqual(1000);
    },
    120_000,
  );
});
