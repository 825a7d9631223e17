import { BoundedMap } from '../collections/bounded-map';
import { Doorkeeper } from '../collections/doorkeeper';
import type { CatalogueIndex } from '../federation/catalogue/catalogue-index';
import { type DocumentOptions, productDocumentText } from './product-document';

/** Bytes of document texts one instance keeps. @default 16 MiB */
export const DOCUMENT_TEXTS_MAX_BYTES = 16 * 1024 * 1024;

/** Bits that remember, approximately, which texts were asked for once (two a key). @default 2 ** 17 (16 KiB) */
export const DOCUMENT_TEXTS_SEEN_BITS = 2 ** 17;

export interface DocumentTextsOptions {
  /** Bytes kept, keys and texts as UTF-16. @default DOCUMENT_TEXTS_MAX_BYTES */
  maxBytes?: number;
  /** Bits remembering the keys of texts asked for once, so that the second asking keeps the text. @default DOCUMENT_TEXTS_SEEN_BITS */
  seenBits?: number;
}

/**
 * Products' JSON-LD document texts (`productDocumentText`), kept by what they are made from: the
 * snapshot catalogue that holds the record (a catalogue never changes; a harvest makes a new one),
 * the product id, the origin, and the currency with the rates it was converted at. The change
 * feed's readers (`/changes`, the stream, webhooks) serve the same recent products to many
 * readers: a text asked for again is built once while it is held, and its record is not even read
 * again. A text is kept from the second time it is asked for: a reader catching up once over
 * thousands of products (from an export's cursor) would otherwise push out, to no use, what many
 * readers of the head ask for again, and make garbage of every text it passed. Bounded in bytes,
 * least recently used first out; the keys seen once are remembered in a fixed number of bits.
 */
export class DocumentTexts {
  readonly #texts: BoundedMap<string, string>;
  /** Keys asked for once and not kept: asked for again, their text is. */
  readonly #seen: Doorkeeper;

  constructor({ maxBytes = DOCUMENT_TEXTS_MAX_BYTES, seenBits = DOCUMENT_TEXTS_SEEN_BITS }: DocumentTextsOptions = {}) {
    this.#texts = new BoundedMap<string, string>({ maxBytes, sizeOf: (text, key) => 2 * (key.length + text.length) + 64 });
    this.#seen = new Doorkeeper({ bits: seenBits });
  }

  /** Bytes held (the bound's measure). */
  get bytes(): number {
    return this.#texts.bytes;
  }

  /**
   * The document text of each product id as `index` has it now, by id (null for one it does not
   * have): from the memo, else its record read (one batch for every miss) and its text built, and
   * kept when it was asked for before.
   */
  async of(index: CatalogueIndex, ids: Iterable<string>, options: DocumentOptions): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    const missed: { id: string; doc: number; key: string }[] = [];
    const tail = `\u0000${options.origin}\u0000${options.currency ? `${options.currency}\u0000${options.rates.asOf}\u0000${options.rates.source}` : ''}`;
    if (index.sharded) return this.ofShards(index, ids, options, tail);
    for (const id of ids) {
      if (found.has(id)) continue;
      const doc = index.docOf(id);
      if (doc < 0) {
        found.set(id, null);
        continue;
      }
      const key = `${index.catalogueSerialOf(doc)}\u0000${id}${tail}`;
      const text = this.#texts.get(key);
      if (text !== undefined) found.set(id, text);
      else {
        found.set(id, null);
        missed.push({ id, doc, key });
      }
    }
    if (missed.length === 0) return found;
    // The text is what is kept: the records are read once, neither remembered nor held (eachRecord).
    let i = 0;
    await index.eachRecord(
      missed.map((m) => m.doc),
      (record) => {
        const { id, key } = missed[i++]!;
        const text = productDocumentText(record, options);
        if (this.#seen.seen(key)) this.#texts.set(key, text);
        found.set(id, text);
      },
    );
    return found;
  }

  /**
   * `of` when the catalogue's shards hold the products (the index numbers none): a text is kept by
   * the index's version (it changes with every harvest) and the id, and the misses are read by id
   * from the shards in one look-up (one call per shard), not remembered there.
   */
  private async ofShards(index: CatalogueIndex, ids: Iterable<string>, options: DocumentOptions, tail: string): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    const missed: { id: string; key: string }[] = [];
    for (const id of ids) {
      if (found.has(id)) continue;
      const key = `v${index.version}\u0000${id}${tail}`;
      const text = this.#texts.get(key);
      found.set(id, text ?? null);
      if (text === undefined) missed.push({ id, key });
    }
    if (missed.length === 0) return found;
    const records = await index.lookup(
      missed.map((m) => m.id),
      { remember: false },
    );
    missed.forEach(({ id, key }, i) => {
      const record = records[i];
      if (!record) return;
      const text = productDocumentText(record, options);
      if (this.#seen.seen(key)) this.#texts.set(key, text);
      found.set(id, text);
    });
    return found;
  }
}

/** The instance's one memo, shared by every reader of the change feed (the keys say which catalogue, origin and currency). */
export const documentTexts = new DocumentTexts();
