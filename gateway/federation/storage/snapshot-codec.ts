import type { CanonicalProduct } from '../../../schemas/product';
import { decodeCatalogue, encodeCatalogue, isEncodedCatalogue } from './catalogue-codec';
import { catalogueOf, type CatalogueOptions } from '../catalogue/snapshot-catalogue';
import type { Snapshot } from '../snapshot';
import type { CacheStore } from '../../stores/ports';

/**
 * A snapshot as compact bytes: its binary catalogue (facts, ids, columns, postings and document
 * blocks), gzipped with the Web-standard CompressionStream. Another instance loads it as it is,
 * without decoding a record or tokenizing a word.
 */
export async function encodeSnapshot(snapshot: Snapshot): Promise<Uint8Array> {
  return transform(encodeCatalogue(snapshot), new CompressionStream('gzip'));
}

/**
 * Bytes back to a snapshot; undefined when they are not one (a foreign or corrupt entry). Reads
 * the JSON form older instances wrote too (its catalogue then rebuilt from the records). `store`
 * is where a snapshot whose documents were stored apart reads them.
 */
export async function decodeSnapshot(bytes: Uint8Array, options: CatalogueOptions & { store?: CacheStore } = {}): Promise<Snapshot | undefined> {
  try {
    const plain = await transform(bytes, new DecompressionStream('gzip'));
    if (isEncodedCatalogue(plain)) return decodeCatalogue(plain, options);
    const value = JSON.parse(new TextDecoder().decode(plain)) as Omit<Snapshot, 'catalogue'> & { products: CanonicalProduct[] };
    const ok = typeof value.connector === 'string' && Array.isArray(value.products) && typeof value.fetchedAt === 'string';
    if (!ok) return undefined;
    const { products, ...facts } = value;
    return { ...facts, catalogue: await catalogueOf(products, options) };
  } catch {
    return undefined;
  }
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}
