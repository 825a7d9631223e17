import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeGateway, startEdgeGateway } from './helpers/edge';
import { type Served, serveOnFreePort } from './helpers/serve';

/**
 * GTIN ownership on the sharded edge (issue 30): kept by the shards (Durable Objects over SQLite,
 * persisted to a folder), partitioned by the GTIN's hash, not by the Worker's isolate. A TH record
 * carrying an Indonesian product's GTIN is quarantined at registration; the dev server is stopped
 * and started again on the same storage (a new isolate, which holds no ownership), and a second TH
 * connector carrying the same GTIN is quarantined still, naming the owner. In `wrangler dev`.
 */
const CONFIG = 'test/fixtures/wrangler.shards.toml';
const ADMIN = 'operator-token-for-edge-shards-gtin';
const VARS = { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' };
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok accepted issues { record path message } } }';
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { report { accepted issues { record path message } } } }';
const as = (key: string) => ({ authorization: `Bearer ${key}` });

let dir: string;
let edge: EdgeGateway | undefined;
let th: Served;
let key: string;
let owned: { id: string; gtin: string };

const manifest = (id: string) => ({
  id,
  economy: 'TH',
  programme: 'OTOP',
  name: id,
  source: { url: `${th.url}/items`, format: 'json', items: 'items' },
  defaults: { currency: 'THB', language: 'en' },
  mapping: { localId: 'code', name: { en: 'name' }, price: 'price', gtin: 'barcode' },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovop-shards-gtin-'));
  edge = await startEdgeGateway(VARS, { config: CONFIG, persistTo: dir });
  const { data } = await edge.graphql('{ products(first: 50, filter: { economies: ["ID"] }) { edges { node { id gtin } } } }');
  owned = data.products.edges.map((e: { node: { id: string; gtin: string | null } }) => e.node).find((p: { gtin: string | null }) => p.gtin);
  const items = [
    { code: 'TH-COPY', name: 'Copied batik', price: 100, barcode: owned.gtin },
    { code: 'TH-OWN', name: 'Thai silk', price: 900 },
  ];
  th = await serveOnFreePort(new Hono().get('/items', (c) => c.json({ items })).fetch);
  key = (await edge.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, as(ADMIN))).data.createEconomyKey.key;
}, 180_000);

afterAll(async () => {
  await edge?.close();
  await th?.close();
  rmSync(dir, { recursive: true, force: true });
});

const quarantinedCopy = [expect.objectContaining({ record: 'TH-COPY', path: 'gtin', message: expect.stringContaining('id-ovop (ID)') })];

describe('GTIN ownership in the shards (attack)', () => {
  it('the dry run names the owner and claims nothing; the registration quarantines the copy', async () => {
    const dry = await edge!.graphql(VALIDATE, { m: manifest('th-otop') }, as(key));
    expect(dry.data.validateManifest).toMatchObject({ ok: false, accepted: 1, issues: quarantinedCopy });
    const { data } = await edge!.graphql(REGISTER, { m: manifest('th-otop') }, as(key));
    expect(data.registerConnector.report).toEqual({ accepted: 1, issues: quarantinedCopy });
  });

  it('after the Worker restarts on the same storage, another TH connector carrying the GTIN is quarantined still', async () => {
    await edge!.close();
    edge = undefined;
    edge = await startEdgeGateway(VARS, { config: CONFIG, persistTo: dir });
    const { data } = await edge.graphql(REGISTER, { m: manifest('th-otop-crafts') }, as(key));
    expect(data.registerConnector.report).toEqual({ accepted: 1, issues: quarantinedCopy });
    const location = (await fetch(`${edge.url}/01/${owned.gtin.padStart(14, '0')}`, { redirect: 'manual' })).headers.get('location');
    expect(location).toBe(`/products/${encodeURIComponent(owned.id)}`);
    const copy = await edge.graphql('{ a: product(id: "th-otop:TH-COPY") { id } b: product(id: "th-otop-crafts:TH-COPY") { id } }');
    expect(copy.data).toEqual({ a: null, b: null });
  }, 180_000);
});
