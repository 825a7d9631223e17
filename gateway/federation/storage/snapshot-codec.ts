import type { CanonicalProduct } from '../../../schemas/product';
import { encodeCatalogue, isEncodedCatalogue, readCatalogue } from './catalogue-codec';
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
 * Bytes back to a snapshot; undefined when they are not one (a foreign or corrupt entry).
 * `readSnapshot` says why.
 */
export async function decodeSnapshot(bytes: Uint8Array, options: SnapshotReadOptions = {}): Promise<Snapshot | undefined> {
  // Callers of this form ask only whether the bytes are a snapshot; `readSnapshot` gives the reason.
  return readSnapshot(bytes, options).catch(() => undefined);
}

/** How a snapshot's catalogue is rebuilt, and the store its documents are read from when kept apart. */
export type SnapshotReadOptions = CatalogueOptions & { store?: CacheStore };

/**
 * Bytes back to a snapshot. Reads the JSON form older instances wrote too (its catalogue then
 * rebuilt from the records). `store` is where a snapshot whose documents were stored apart reads
 * them. Throws, saying why, when the bytes are not a snapshot (not gzip, a foreign or corrupt value).
 */
export async function readSnapshot(bytes: Uint8Array, options: SnapshotReadOptions = {}): Promise<Snapshot> {
  const plain = await transform(bytes, new DecompressionStream('gzip'));
  if (isEncodedCatalogue(plain)) return readCatalogue(plain, options);
  const value = JSON.parse(new TextDecoder().decode(plain)) as Omit<Snapshot, 'catalogue'> & { products: CanonicalProduct[] };
  const ok = typeof value.connector === 'string' && Array.isArray(value.products) && typeof value.fetchedAt === 'string';
  if (!ok) throw new Error('not a snapshot: no connector, products and fetchedAt');
  const { products, ...facts } = value;
  return { ...facts, catalogue: await catalogueOf(products, options) };
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}
