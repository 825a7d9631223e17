import type { CanonicalProduct } from '../../../schemas/product';
import { BoundedMap } from '../../collections/bounded-map';
import { ColumnsBuilder, type ProductColumns } from '../search/columns';
import { BLOCK_SIZE, DocumentWriter, unpackBlock, webBlockCodec, type BlockCodec, type DocumentBlocks } from '../storage/document-blocks';
import { PackedStringsBuilder, type PackedStrings } from '../storage/packed-strings';
import { PostingsBuilder } from '../search/postings';
import { SearchIndex } from '../search/search-index';

/**
 * What the engine keeps of one snapshot's products: their ids, the columns filters and sorts read,
 * the search index (all numbered in id order), and the documents themselves as compressed blocks,
 * read on demand. No product record is held.
 */
export interface SnapshotCatalogue {
  readonly size: number;
  /** Product ids in ascending order (JavaScript's string order), packed: document d is ids.at(d). */
  readonly ids: PackedStrings;
  readonly columns: ProductColumns;
  readonly search: SearchIndex;
  /** Where document d is in the blocks (the order the harvest handed it over). */
  readonly placeOf: Int32Array;
  readonly blocks: DocumentBlocks;
  readonly codec: BlockCodec;
  /** Tells catalogues apart in the shared record cache. */
  readonly serial: number;
}

let serials = 0;

/** A new catalogue's number in the shared record cache. */
export function nextSerial(): number {
  return ++serials;
}

/**
 * Builds a snapshot's catalogue from products handed over one at a time (what a harvest's
 * `onProduct` receives): each is encoded, tokenized and reduced to columns at once, then let go.
 */
export interface CatalogueOptions {
  /** How document blocks are compressed; the Web Compression Streams by default. */
  codec?: BlockCodec;
  /** Told each product's JSON text as its document is encoded, in the order added. */
  onDocument?: (json: Uint8Array) => void;
}

export class CatalogueBuilder {
  /** Ids in the order the products came, packed (no string per product held until the harvest ends). */
  private readonly ids = new PackedStringsBuilder();
  private readonly columns = new ColumnsBuilder();
  private readonly postings = new PostingsBuilder();
  private readonly codec: BlockCodec;
  private readonly documents: DocumentWriter;

  constructor(options: CatalogueOptions = {}) {
    this.codec = options.codec ?? webBlockCodec;
    this.documents = new DocumentWriter(this.codec, options.onDocument);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Takes the next product. */
  add(product: CanonicalProduct): void {
    this.ids.add(product.id);
    this.columns.add(product);
    this.postings.add(product);
    this.documents.add(product);
  }

  /** Resolves once the document blocks have caught up with the products added (see `DocumentWriter.drained`). */
  drained(): Promise<void> {
    return this.documents.drained();
  }

  /** The catalogue, numbered in id order, once every block is compressed. */
  async finish(): Promise<SnapshotCatalogue> {
    const ids = this.ids.finish();
    const order = Int32Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => ids.compare(a, b));
    const rank = new Int32Array(ids.length);
    order.forEach((place, doc) => {
      rank[place] = doc;
    });
    if (ids.length >= DOCS_PER_SERIAL) throw new RangeError(`a catalogue holds fewer than ${DOCS_PER_SERIAL} products, not ${ids.length}`);
    return {
      size: ids.length,
      ids: ids.reorder(order),
      columns: this.columns.finish(order),
      search: new SearchIndex(this.postings.finish(rank)),
      placeOf: order,
      blocks: await this.documents.finish(),
      codec: this.codec,
      serial: nextSerial(),
    };
  }
}

/** The catalogue of a list of products (a snapshot read back from the shared cache, a test's fixture). */
export function catalogueOf(products: Iterable<CanonicalProduct>, options: CatalogueOptions = {}): Promise<SnapshotCatalogue> {
  const builder = new CatalogueBuilder(options);
  for (const product of products) builder.add(product);
  return builder.finish();
}

/** The document number of `id` in the catalogue, -1 when it has none (a binary search of the ids). */
export function docOf(catalogue: SnapshotCatalogue, id: string): number {
  return catalogue.ids.find(id);
}

/** Decoded records most recently read, across every catalogue: the one in-process document cache. */
const records = new BoundedMap<number, CanonicalProduct>({ maxEntries: 4096, maxBytes: 32 * 1024 * 1024 });

/**
 * Bytes a decoded record holds per byte of its JSON: about 3 (roughBytes of the Japanese sample's
 * records over their UTF-8 length), taken from the length already at hand rather than walked per miss.
 */
const RECORD_BYTES_PER_JSON_BYTE = 3;

/** Document numbers per catalogue in the cache's keys: a key is a number (serial × this + doc), never a string made per read. */
const DOCS_PER_SERIAL = 2 ** 24;

/** The cache key of a catalogue's document. */
const recordKey = (catalogue: SnapshotCatalogue, doc: number) => catalogue.serial * DOCS_PER_SERIAL + doc;

/** Records held by the document cache, for the memory-bound tests. */
export function cachedRecordCount(): number {
  return records.size;
}

/**
 * The records of these documents when the document cache holds them all (the common case: a page
 * read again), without awaiting anything; undefined when one must be read from its block.
 */
export function cachedDocuments(catalogue: SnapshotCatalogue, docs: readonly number[]): CanonicalProduct[] | undefined {
  const found: CanonicalProduct[] = new Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const record = records.get(recordKey(catalogue, docs[i]!));
    if (record === undefined) return undefined;
    found[i] = record;
  }
  return found;
}

/**
 * The records of the given documents, in the order asked: from the bounded cache, else from their
 * blocks, each block inflated once however many of its records are asked for. With `remember`
 * false, what is read is not put in the cache: a walk over the whole catalogue (an export) would
 * only push out what pages and look-ups read again. @default remember true
 */
export async function readDocuments(
  catalogue: SnapshotCatalogue,
  docs: readonly number[],
  { remember = true }: { remember?: boolean } = {},
): Promise<CanonicalProduct[]> {
  const found: Array<CanonicalProduct | undefined> = docs.map((doc) => records.get(recordKey(catalogue, doc)));
  const byBlock = new Map<number, number[]>();
  docs.forEach((doc, i) => {
    if (found[i]) return;
    const block = Math.floor(catalogue.placeOf[doc]! / BLOCK_SIZE);
    byBlock.set(block, [...(byBlock.get(block) ?? []), i]);
  });
  const wanted = [...byBlock];
  const bytes = await catalogue.blocks.readMany(wanted.map(([block]) => block));
  await Promise.all(
    wanted.map(async ([, asked], k) => {
      const unpacked = await unpackBlock(bytes[k]!, catalogue.codec);
      for (const i of asked) {
        const place = catalogue.placeOf[docs[i]!]! % BLOCK_SIZE;
        const record = unpacked.record(place);
        if (remember) records.set(recordKey(catalogue, docs[i]!), record, RECORD_BYTES_PER_JSON_BYTE * unpacked.bytes(place).byteLength);
        found[i] = record;
      }
    }),
  );
  return found as CanonicalProduct[];
}
