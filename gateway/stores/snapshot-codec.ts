import type { CanonicalProduct } from '../../schemas/product';
import { catalogueOf, documentTexts, type CatalogueOptions } from '../federation/snapshot-catalogue';
import type { Snapshot } from '../federation/snapshot';

const encoder = new TextEncoder();
const COMMA = encoder.encode(',');

/**
 * A snapshot as compact bytes: JSON (its facts and every product record), gzipped with the
 * Web-standard CompressionStream. The records' JSON is copied from their encoded blocks, never
 * decoded into objects.
 */
export async function encodeSnapshot(snapshot: Snapshot): Promise<Uint8Array> {
  const chunks = jsonChunks(snapshot)[Symbol.asyncIterator]();
  const json = new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value as Uint8Array<ArrayBuffer>);
    },
  });
  return new Uint8Array(await new Response(json.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

/** The snapshot's JSON a piece at a time, so that a large catalogue is never one string. */
async function* jsonChunks(snapshot: Snapshot): AsyncIterable<Uint8Array> {
  const { catalogue, ...facts } = snapshot;
  yield encoder.encode(`${JSON.stringify(facts).slice(0, -1)},"products":[`);
  let first = true;
  for await (const text of documentTexts(catalogue)) {
    if (!first) yield COMMA;
    yield text;
    first = false;
  }
  yield encoder.encode(']}');
}

/** Bytes back to a snapshot (its catalogue rebuilt); undefined when they are not one (a foreign or corrupt entry). */
export async function decodeSnapshot(bytes: Uint8Array, options: CatalogueOptions = {}): Promise<Snapshot | undefined> {
  try {
    const json = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    const value = JSON.parse(await new Response(json).text()) as Omit<Snapshot, 'catalogue'> & { products: CanonicalProduct[] };
    const ok = typeof value.connector === 'string' && Array.isArray(value.products) && typeof value.fetchedAt === 'string';
    if (!ok) return undefined;
    const { products, ...facts } = value;
    return { ...facts, catalogue: await catalogueOf(products, options) };
  } catch {
    return undefined;
  }
}
