import { describe, expect, it, vi } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { priceAt } from '../search/columns';
import {
  columnsDropped,
  decodeCatalogue,
  dropMergedColumns,
  encodeCatalogue,
  isEncodedCatalogue,
  packAscending,
  readCatalogue,
  unpackAscending,
} from './catalogue-codec';
import { CatalogueIndex } from '../catalogue/catalogue-index';
import { PostingsBuilder } from '../search/postings';
import { SourceDigestsBuilder } from '../../changes/source-digests';
import { catalogueOf, readDocuments } from '../catalogue/snapshot-catalogue';

const product = (local: string, fields: Partial<CanonicalProduct>) =>
  ({ id: `th-otop:${local}`, economy: 'TH', language: 'th', origin: { country: 'TH' }, certifications: [], ...fields }) as unknown as CanonicalProduct;

const products = Array.from({ length: 40 }, (_, i) =>
  product(String(i).padStart(3, '0'), {
    name: { th: `น้ำผึ้งป่า ${i}`, en: i % 2 ? `Wild honey ${i}` : `Silk scarf ${i}` },
    price: { amount: `${100 + i}.50`, currency: 'THB' },
    gtin: i % 3 ? undefined : '8850000000003',
    certifications: i % 4 ? [] : ([{ scheme: 'HALAL' }] as never),
  }),
);

describe('the binary catalogue', () => {
  it('loads back with the same ids, columns, records and search answers, without tokenizing', async () => {
    const catalogue = await catalogueOf(products);
    const snapshot = {
      connector: 'th-otop',
      catalogue,
      quarantined: [{ record: 'x', path: 'price', message: 'bad' }],
      records: 41,
      fetchedAt: '2026-12-04T10:00:00Z',
    };
    const bytes = encodeCatalogue(snapshot);
    expect(isEncodedCatalogue(bytes)).toBe(true);
    const tokenize = vi.spyOn(PostingsBuilder.prototype, 'add');
    // At an odd offset, as a store may hand bytes over.
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const back = decodeCatalogue(shifted)!;
    expect(tokenize).not.toHaveBeenCalled();
    tokenize.mockRestore();
    expect(back).toMatchObject({ connector: 'th-otop', records: 41, fetchedAt: '2026-12-04T10:00:00Z', quarantined: snapshot.quarantined });
    const loaded = back.catalogue;
    expect([...loaded.ids]).toEqual([...catalogue.ids]);
    expect([...loaded.columns.price].map((p) => priceAt(loaded.columns.prices, p))).toEqual(
      [...catalogue.columns.price].map((p) => priceAt(catalogue.columns.prices, p)),
    );
    expect([...loaded.columns.gtin]).toEqual([...catalogue.columns.gtin]);
    expect([...loaded.columns.schemeBits]).toEqual([...catalogue.columns.schemeBits]);
    expect(loaded.columns.names).toEqual(catalogue.columns.names);
    for (const text of ['wild honey', 'น้ำผึ้ง', 'silk scarf 7']) {
      expect([...loaded.search.search(text)!.docs]).toEqual([...catalogue.search.search(text)!.docs]);
    }
    expect(await readDocuments(loaded, [0, 39])).toEqual(await readDocuments(catalogue, [0, 39]));
  });

  it('reads a shard’s slice as the whole does: postings kept packed, the columns an index merges apart, then let go', async () => {
    const catalogue = await catalogueOf(products);
    const bytes = encodeCatalogue({ connector: 'th-otop', catalogue, quarantined: [], records: 40, fetchedAt: '2026-12-04T10:00:00Z' });
    const whole = readCatalogue(bytes);
    const slice = readCatalogue(bytes.slice(), { packedPostings: true, columnsApart: true });
    for (const text of ['wild honey', 'น้ำผึ้ง', 'silk scarf 7', 'hon']) {
      expect([...slice.catalogue.search.search(text)!.docs]).toEqual([...whole.catalogue.search.search(text)!.docs]);
    }
    const index = new CatalogueIndex([slice]);
    expect(index.columns).toEqual(new CatalogueIndex([whole]).columns);
    // Merged, the slice's own columns go (their buffer, not the catalogue's), and no index is built over it again.
    expect(columnsDropped(slice.catalogue)).toBe(false);
    expect(dropMergedColumns(slice.catalogue)).toBeGreaterThanOrEqual(40 * 24);
    expect(columnsDropped(slice.catalogue)).toBe(true);
    expect(slice.catalogue.columns.names).toEqual(whole.catalogue.columns.names);
    expect(index.nameFor(3, 'en')).toBe(new CatalogueIndex([whole]).nameFor(3, 'en'));
    expect(() => new CatalogueIndex([slice])).toThrow(/let go/);
    // Read whole, the catalogue's columns view its one buffer: nothing to let go.
    expect(dropMergedColumns(readCatalogue(bytes).catalogue)).toBe(0);
  });

  it("leaves out the harvesting instance's source digests (they are not a fact of the snapshot, and would come back as a plain object)", async () => {
    const digests = new SourceDigestsBuilder();
    const catalogue = await catalogueOf([], { onDocument: (json) => digests.add(json) });
    const snapshot = { connector: 'jp-ovop', catalogue, quarantined: [], records: 0, fetchedAt: '2026-12-07T00:00:00Z', sources: digests.finish() };
    const back = decodeCatalogue(encodeCatalogue(snapshot));
    expect(back).toBeDefined();
    expect('sources' in back!).toBe(false);
  });

  it('refuses what is not one, or is cut short', async () => {
    expect(decodeCatalogue(new TextEncoder().encode('{"connector":"x"}'))).toBeUndefined();
    const bytes = encodeCatalogue({
      connector: 'th-otop',
      catalogue: await catalogueOf(products),
      quarantined: [],
      records: 40,
      fetchedAt: '2026-12-04T10:00:00Z',
    });
    expect(decodeCatalogue(bytes.subarray(0, bytes.length - 100))).toBeUndefined();
  });
});

describe('stored postings', () => {
  it('come back exactly, gaps of any size, in about a byte a posting when dense', () => {
    const offsets = Uint32Array.from([0, 3, 3, 1003, 1005]);
    const docs = Int32Array.from([0, 127, 2_000_000_000, ...Array.from({ length: 1000 }, (_, i) => i * 2), 5, 300_000]);
    const packed = packAscending(docs, offsets);
    expect([...unpackAscending(packed, offsets)]).toEqual([...docs]);
    expect(packed.length).toBeLessThan(1020);
    expect(() => unpackAscending(packed.subarray(0, 10), offsets)).toThrow(RangeError);
  });
});
