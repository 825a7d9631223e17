import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { catalogueOf, readDocuments } from '../catalogue/snapshot-catalogue';
import { decodeSnapshot, encodeSnapshot, readSnapshot } from './snapshot-codec';

const product = (local: string, name: string) =>
  ({ id: `jp-ovop:${local}`, economy: 'JP', language: 'ja', name: { ja: name }, origin: { country: 'JP' }, certifications: [] }) as unknown as CanonicalProduct;

describe('snapshot codec', () => {
  it('gives another instance the same products, searchable, without the first one decoding them', async () => {
    const products = [product('B', '抹茶'), product('A', '緑茶')];
    const snapshot = { connector: 'jp-ovop', catalogue: await catalogueOf(products), quarantined: [], records: 3, fetchedAt: '2026-12-04T00:00:00Z' };
    const back = await decodeSnapshot(await encodeSnapshot(snapshot));
    expect(back).toMatchObject({ connector: 'jp-ovop', records: 3, fetchedAt: '2026-12-04T00:00:00Z', quarantined: [] });
    expect([...back!.catalogue.ids]).toEqual(['jp-ovop:A', 'jp-ovop:B']);
    expect(await readDocuments(back!.catalogue, [0, 1])).toEqual([products[1], products[0]]);
    expect(back!.catalogue.search.search('抹茶')!.docs.length).toBe(1);
  });

  it('reads the JSON form an older instance wrote, rebuilding its catalogue', async () => {
    const products = [product('B', '抹茶'), product('A', '緑茶')];
    const json = new Blob([JSON.stringify({ connector: 'jp-ovop', products, quarantined: [], records: 2, fetchedAt: '2026-12-01T00:00:00Z' })]);
    const gzipped = new Uint8Array(await new Response(json.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const back = await decodeSnapshot(gzipped);
    expect([...back!.catalogue.ids]).toEqual(['jp-ovop:A', 'jp-ovop:B']);
    expect(await readDocuments(back!.catalogue, [1])).toEqual([products[0]]);
  });

  it('refuses bytes that are not a snapshot', async () => {
    expect(await decodeSnapshot(new TextEncoder().encode('not gzip'))).toBeUndefined();
  });

  it('says why bytes are not a snapshot, for a caller that must report it', async () => {
    await expect(readSnapshot(new TextEncoder().encode('not gzip'))).rejects.toThrow();
    const gzip = async (text: string) => new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    await expect(readSnapshot(await gzip('{"connector":"x"}'))).rejects.toThrow(/not a snapshot/);
    await expect(readSnapshot(await gzip('OVOPCAT2 and then garbage'))).rejects.toThrow();
  });
});
