import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeGateway, startEdgeGateway } from './helpers/edge';
import { type FeedCatalogue, feedItem, feedManifest, feedProductId, startFeedCatalogue } from './helpers/feed-catalogue';
import { expectBuiltInsRecorded, feedClient } from './helpers/feed-client';

/**
 * The change feed on the sharded edge (docs/decisions/0030-edge-partitioning.md): the gateway in
 * `wrangler dev` with its catalogue in 4 shards (Durable Objects over SQLite) and its change log in
 * the CHANGES Durable Object, over real HTTP, with a catalogue server the test edits between
 * refreshes, registered through the registration API. No isolate holds the catalogue: a harvest's
 * changes are found by walking the shards' source digests, its export, feed and sitemap are walks
 * of the shards. test/edge-change-feed.test.ts is the same handover with one index in the isolate.
 */

const CONFIG = 'test/fixtures/wrangler.shards.toml';
const ADMIN = 'operator-token-for-edge-shards-feed';
const CONNECTOR = 'ph-shards-feed';
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const idOf = (n: number) => feedProductId(CONNECTOR, n);
const DAY = 86_400_000;
/** A date `days` from today (workerd's clock is the real one). */
const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

let dir: string;
let catalogue: FeedCatalogue;
let edge: EdgeGateway;
let key: string;
/** The feed's head before the catalogue was registered. */
let before: string;
const feed = feedClient({ gateway: () => edge, connector: CONNECTOR, key: () => key });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovop-shards-feed-'));
  catalogue = await startFeedCatalogue(10);
  catalogue.items[2] = feedItem(3, { stock: 12 });
  catalogue.items[3] = feedItem(4, { certifications: [{ type: 'ORGANIC', number: 'OCCP-2026-0404', issuer: 'OCCP', expires: isoDay(10) }] });
  edge = await startEdgeGateway(
    { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' },
    { config: CONFIG, persistTo: dir },
  );
  before = await feed.head();
  key = (await edge.graphql('mutation { createEconomyKey(economy: "PH") { key } }', {}, as(ADMIN))).data.createEconomyKey.key;
  const registered = await edge.graphql(
    'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { status productCount } } }',
    { m: feedManifest(catalogue.url, CONNECTOR) },
    as(key),
  );
  expect(registered.errors, JSON.stringify(registered.errors)).toBeUndefined();
  expect(registered.data.registerConnector.connector).toEqual({ status: 'UP', productCount: 10 });
}, 180_000);

afterAll(async () => {
  await edge?.close();
  await catalogue?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the change feed on the sharded edge', () => {
  it('records the registration from the shards: a CREATED for each product, and the CERTIFICATE_EXPIRING its sweep finds', async () => {
    const all = await feed.changesAfter(before);
    expect(
      all
        .filter((c) => c.type === 'CREATED')
        .map((c) => c.productId)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => idOf(i + 1)).sort());
    expect(all.filter((c) => c.type !== 'CREATED')).toMatchObject([
      { type: 'CERTIFICATE_EXPIRING', productId: idOf(4), version: 2, changes: [{ path: 'certifications.ORGANIC.validUntil', after: isoDay(10) }] },
    ]);
  });

  it("records the built-in catalogues' first harvests into the shards too", async () => {
    await expectBuiltInsRecorded(edge.url, 30_000);
  }, 60_000);

  it('hands over from an export without a gap: exactly the four changes a refresh found, and applying them equals a fresh export', async () => {
    await feed.expectGaplessHandover(catalogue, idOf);
  });

  it('writes nothing for a refresh that finds nothing changed', async () => {
    const cursor = await feed.head();
    expect(await feed.refresh()).toEqual({ status: 'UP', productCount: 10 });
    expect(await feed.refresh()).toEqual({ status: 'UP', productCount: 10 });
    expect(await feed.changesAfter(cursor)).toEqual([]);
  });

  it('removes nothing when a harvest fails on its second page, and records a change after it', async () => {
    const cursor = await feed.head();
    catalogue.failPage = 2;
    try {
      expect((await feed.refresh()).status).toBe('DEGRADED');
    } finally {
      catalogue.failPage = 0;
    }
    expect(await feed.changesAfter(cursor)).toEqual([]);
    catalogue.items[catalogue.items.findIndex((i) => i.sku === feedItem(6).sku)] = feedItem(6, { price: '₱999.00' });
    expect((await feed.refresh()).status).toBe('UP');
    expect((await feed.changesAfter(cursor)).map((c) => [c.type, c.productId, c.aspects])).toEqual([['UPDATED', idOf(6), ['PRICE']]]);
  });

  it('the Merchant feed and the sitemap list what the export lists, from the shards', async () => {
    const exported = [...(await feed.exported()).products.keys()];
    const merchant = await (await fetch(`${edge.url}/feeds/google-merchant.xml?economy=PH`)).text();
    expect([...merchant.matchAll(/<g:id>([^<]+)<\/g:id>/g)].map((m) => m[1])).toEqual(exported);
    const sitemap = await (await fetch(`${edge.url}/sitemap.xml`)).text();
    const listed = [...sitemap.matchAll(/\/products\/([^<]+)<\/loc>/g)].map((m) => decodeURIComponent(m[1]!));
    expect(listed.filter((id) => id.startsWith(`${CONNECTOR}:`))).toEqual(exported);
    const { data } = await edge.graphql('{ connectors { id productCount } }');
    expect(listed).toHaveLength(data.connectors.reduce((sum: number, c: { productCount: number }) => sum + c.productCount, 0));
  });
});
