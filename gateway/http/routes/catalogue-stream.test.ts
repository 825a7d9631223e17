import { describe, expect, it, vi } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { CatalogueIndex } from '../../federation/catalogue/catalogue-index';
import { catalogueOf } from '../../federation/catalogue/snapshot-catalogue';
import type { Snapshot } from '../../federation/snapshot';
import { indexWalk } from '../../federation/catalogue/catalogue-walk';
import { catalogueStream } from './catalogue-stream';

const product = (connector: string, economy: string, i: number): CanonicalProduct =>
  ({
    id: `${connector}:P-${String(i).padStart(3, '0')}`,
    connector,
    localId: `P-${i}`,
    economy,
    programme: 'OTOP',
    language: 'en',
    name: { en: `Product ${i}` },
    origin: { country: economy },
    certifications: [],
    labelLanguages: [],
    images: [],
    marketplaces: [],
  }) as unknown as CanonicalProduct;

async function indexOf(): Promise<CatalogueIndex> {
  const snapshots: Snapshot[] = [];
  for (const [connector, economy, count] of [
    ['ph-otop', 'PH', 23],
    ['th-otop', 'TH', 31],
  ] as const) {
    const list = Array.from({ length: count }, (_, i) => product(connector, economy, i));
    snapshots.push({ connector, catalogue: await catalogueOf(list), quarantined: [], records: count, fetchedAt: '2026-12-07T00:00:00Z' });
  }
  return new CatalogueIndex(snapshots);
}

describe('catalogueStream', () => {
  it('writes the head, every product of the economy asked in the index order, a page at a time, then the tail', async () => {
    const index = await indexOf();
    const all = Array.from({ length: index.size }, (_, d) => d);
    const ids = (await index.records(all)).map((r) => r.product.id);
    const text = (economy: string | null) =>
      new Response(
        catalogueStream({ walk: indexWalk(index, { economy, records: true, pageSize: 7 }), head: '<', tail: '>', item: (r) => `${r.product.id}\n` }),
      ).text();
    const lines = (list: string[]) => list.map((id) => `${id}\n`).join('');
    expect(await text(null)).toBe(`<${lines(ids)}>`);
    expect(await text('TH')).toBe(`<${lines(ids.filter((id) => id.startsWith('th-')))}>`);
  });

  it('reads its pages without index.records, whose arrays and wrappers V8 may place in the old generation', async () => {
    const index = await indexOf();
    // records() kept every record a walk read alive past the scavenges once V8 pretenured its objects (catalogue-index.ts, eachRecord).
    vi.spyOn(index, 'records').mockRejectedValue(new Error('records() read by the stream'));
    const text = await new Response(catalogueStream({ walk: indexWalk(index, { records: true, pageSize: 10 }), item: (r) => `${r.product.id}\n` })).text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(index.size);
  });
});
