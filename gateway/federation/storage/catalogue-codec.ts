import type { CodeColumns, ProductColumns } from '../search/columns';
import { MemoryBlocks, webBlockCodec, type BlockCodec } from './document-blocks';
import type { CacheStore } from '../../stores/ports';
import { PackedStrings } from './packed-strings';
import { PAGE_BLOCKS, StoredBlocks } from './stored-blocks';
import { SearchIndex } from '../search/search-index';
import { unpackAscending } from '../search/postings';
import type { Snapshot } from '../snapshot';
import { nextSerial, type SnapshotCatalogue } from '../catalogue/snapshot-catalogue';

/** The postings' packed form moved beside the postings (search/postings.ts); still named here, where it is stored. */
export { packAscending, unpackAscending } from '../search/postings';

/** The first bytes of an encoded catalogue ("OVOPCAT" and the format's version; 2: ids and names as packed UTF-8). */
const MAGIC = new TextEncoder().encode('OVOPCAT2');

type Facts = Omit<Snapshot, 'catalogue'>;

/** The small strings of a catalogue and the facts of its snapshot: the JSON head of the binary form. */
interface Head {
  facts: Facts;
  size: number;
  economies: string[];
  categories: string[];
  schemes: string[];
  schemeWords: number;
  currencies: string[];
  priceText: string;
  languages: string[];
  terms: string[];
  blocks: number;
  /**
   * Where the document blocks are when they are in the cache store rather than in these bytes, and
   * how many a stored page holds (absent: PAGE_BLOCKS, as written before pages had other sizes).
   */
  documents?: { key: string; count: number; pageBlocks?: number };
}

/**
 * A snapshot as one binary value: a JSON head (its facts and small string tables), then its ids
 * and names (packed UTF-8) and every typed array of its columns, postings and document blocks as
 * raw bytes, each 8-byte aligned. What a new instance or isolate reads back without decoding a
 * record, tokenizing a word or making a string per product.
 */
export function encodeCatalogue(snapshot: Snapshot): Uint8Array {
  // The source digests are the harvesting instance's own (Snapshot.sources): a class, not a fact, never shared.
  const { catalogue, sources: _sources, ...facts } = snapshot;
  const { columns: c } = catalogue;
  const postings = catalogue.search.packedPostings();
  const stored = catalogue.blocks instanceof StoredBlocks ? catalogue.blocks : undefined;
  const blocks = stored ? [] : Array.from({ length: catalogue.blocks.count }, (_, i) => (catalogue.blocks as MemoryBlocks).at(i));
  const head: Head = {
    facts,
    size: catalogue.size,
    economies: c.economies,
    categories: c.categories,
    schemes: c.schemes,
    schemeWords: c.schemeWords,
    currencies: c.prices.currencies,
    priceText: c.prices.text,
    languages: c.names.languages,
    terms: postings.terms,
    blocks: blocks.length,
    ...(stored && { documents: { key: stored.key, count: stored.count, ...(stored.pageBlocks !== PAGE_BLOCKS && { pageBlocks: stored.pageBlocks }) } }),
  };
  const sections: ArrayBufferView[] = [
    new TextEncoder().encode(JSON.stringify(head)),
    ...packed(catalogue.ids),
    ...c.names.text.flatMap(packed),
    ...arraysOf(c),
    postings.offsets,
    postings.packed,
    postings.weights,
    catalogue.placeOf,
    Uint32Array.from(blocks, (b) => b.byteLength),
    ...blocks,
  ];
  const length = sections.reduce((sum, s) => sum + 8 + align(s.byteLength), MAGIC.length);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  let at = MAGIC.length;
  for (const section of sections) {
    view.setUint32(at, section.byteLength, true);
    out.set(new Uint8Array(section.buffer, section.byteOffset, section.byteLength), at + 8);
    at += 8 + align(section.byteLength);
  }
  return out;
}

/** True when `bytes` start like an encoded catalogue. */
export function isEncodedCatalogue(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * An encoded catalogue back to its snapshot, its arrays viewing one copy of the bytes; undefined
 * when they are not one (a foreign, truncated or corrupt value). `readCatalogue` says why.
 */
export function decodeCatalogue(bytes: Uint8Array, options: CatalogueReadOptions = {}): Snapshot | undefined {
  try {
    return readCatalogue(bytes, options);
  } catch {
    // Callers of this form ask only whether the bytes are a catalogue; `readCatalogue` gives the reason.
    return undefined;
  }
}

/** How a catalogue's documents are read back: their codec, and the store they live in when kept apart. */
export interface CatalogueReadOptions {
  codec?: BlockCodec;
  store?: CacheStore;
  /**
   * Keep the postings packed, as stored (about a byte a posting), decoded as a search reads a list,
   * rather than unpacked to four bytes a posting: a catalogue shard's slices (issue 30), whose
   * isolate holds many. @default false
   */
  packedPostings?: boolean;
  /**
   * Copy the column arrays that only an index's merge reads (economy, category, rating,
   * certifications, prices, GTIN: `CODE_ARRAYS`) into a buffer of their own, so that a catalogue
   * shard lets them go once its index has merged them (`dropMergedColumns`). @default false
   */
  columnsApart?: boolean;
}

/**
 * An encoded catalogue back to its snapshot, its arrays viewing one aligned copy of the sections they
 * read (not the head, nor postings unpacked from it). Throws, saying why, when the bytes are not one:
 * what a caller that must report a corrupt shared value uses.
 */
export function readCatalogue(bytes: Uint8Array, options: CatalogueReadOptions = {}): Snapshot {
  if (!isEncodedCatalogue(bytes)) throw new Error('not an encoded catalogue (no OVOPCAT2 header)');
  const sections = sectionsOf(bytes);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(sections[0]!.start, sections[0]!.start + sections[0]!.length))) as Head;
  // Sections in order: the head, ids (2), names (2 a language), the column arrays (arraysOf), then the postings' offsets, lists and weights.
  const firstColumn = 3 + 2 * head.languages.length;
  const postings = firstColumn + COLUMN_ARRAYS + 1;
  const apart = (i: number) => options.columnsApart === true && i >= firstColumn && i < firstColumn + CODE_ARRAYS;
  // Read from the bytes as they came, never copied: the head, the packed lists when they are unpacked, and their
  // weights when the lists stay packed (the index keeps them as codes of its own).
  const unread = (i: number) => i === 0 || (i === postings && !options.packedPostings) || (i === postings + 1 && options.packedPostings === true);
  const layout = (i: number) => (unread(i) ? undefined : apart(i) ? 1 : 0);
  const sizes = [0, 0];
  const at = sections.map(({ length }, i) => {
    const into = layout(i);
    if (into === undefined) return -1;
    const offset = sizes[into]!;
    sizes[into]! += align(length);
    return offset;
  });
  const buffers = sizes.map((size) => new ArrayBuffer(size));
  sections.forEach(({ start, length }, i) => {
    const into = layout(i);
    if (into !== undefined) new Uint8Array(buffers[into]!, at[i]!, length).set(bytes.subarray(start, start + length));
  });
  let n = 1;
  const next = () => {
    if (n >= sections.length) throw new RangeError('truncated catalogue');
    const i = n++;
    return { i, buffer: buffers[layout(i) ?? 0]!, start: at[i]!, length: sections[i]!.length };
  };
  const u8 = () => {
    const { buffer, start, length } = next();
    return new Uint8Array(buffer, start, length);
  };
  const typed = <T>(Kind: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }) => {
    const { buffer, start, length } = next();
    return new Kind(buffer, start, length / Kind.BYTES_PER_ELEMENT);
  };
  const strings = () => {
    const offsets = typed(Uint32Array);
    return new PackedStrings(u8(), offsets);
  };
  const ids = strings();
  const nameText = head.languages.map(strings);
  const columns: ProductColumns = {
    size: head.size,
    economies: head.economies,
    economy: typed(Uint16Array),
    categories: head.categories,
    category: typed(Uint16Array),
    rating: typed(Int32Array),
    schemes: head.schemes,
    schemeWords: head.schemeWords,
    schemeBits: typed(Uint32Array),
    prices: { currencies: head.currencies, text: head.priceText, currency: typed(Uint16Array), start: typed(Uint32Array) },
    price: typed(Uint32Array),
    gtin: typed(Float64Array),
    names: {
      languages: head.languages,
      text: nameText,
      own: typed(Uint16Array),
      first: typed(Uint16Array),
    },
  };
  const offsets = typed(Uint32Array);
  const lists = next();
  const packedDocs = options.packedPostings
    ? new Uint8Array(lists.buffer, lists.start, lists.length)
    : bytes.subarray(sections[lists.i]!.start, sections[lists.i]!.start + lists.length);
  const weights = () => {
    const { i, length } = next();
    return bytes.subarray(sections[i]!.start, sections[i]!.start + length);
  };
  const search = options.packedPostings
    ? new SearchIndex({ terms: head.terms, offsets, packed: packedDocs, weights: weights(), size: head.size })
    : new SearchIndex({ terms: head.terms, offsets, docs: unpackAscending(packedDocs, offsets), weights: u8(), size: head.size });
  const placeOf = typed(Int32Array);
  const lengths = typed(Uint32Array);
  const blocks = Array.from(lengths, () => u8());
  if (head.documents && !options.store) throw new Error("the catalogue's documents are in a store, and none was given");
  if (blocks.length !== head.blocks || ids.length !== head.size || nameText.some((names) => names.length !== head.size)) {
    throw new Error("the catalogue's sections disagree on its size");
  }
  const catalogue: SnapshotCatalogue = {
    size: head.size,
    ids,
    columns,
    search,
    placeOf,
    blocks: head.documents ? new StoredBlocks(options.store!, head.documents.key, head.documents.count, head.documents.pageBlocks) : new MemoryBlocks(blocks),
    codec: options.codec ?? webBlockCodec,
    serial: nextSerial(),
  };
  return { ...head.facts, catalogue };
}

/** How many column arrays come first in `arraysOf` and are read only to merge an index's columns (`columnsApart`): all but the names'. */
const CODE_ARRAYS = 8;
/** How many column arrays `arraysOf` gives. */
const COLUMN_ARRAYS = 10;

/** Where each section of an encoded catalogue is in its bytes (no copy); throws when one runs past their end. */
function sectionsOf(bytes: Uint8Array): Array<{ start: number; length: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections: Array<{ start: number; length: number }> = [];
  for (let at = MAGIC.length; at < bytes.byteLength; ) {
    if (at + 8 > bytes.byteLength) throw new RangeError('truncated catalogue');
    const length = view.getUint32(at, true);
    const start = at + 8;
    if (start + length > bytes.byteLength) throw new RangeError('truncated catalogue');
    sections.push({ start, length });
    at = start + align(length);
  }
  if (!sections.length) throw new RangeError('truncated catalogue');
  return sections;
}

/**
 * Lets go of the column arrays of a catalogue read with `columnsApart`, once an index has merged
 * them (a catalogue shard's slice): what stays is what an index reads of its parts (ids, names,
 * search, places of documents). An index is never built over such a catalogue again: read it anew.
 * Answers the bytes let go.
 */
export function dropMergedColumns(catalogue: SnapshotCatalogue): number {
  const c = catalogue.columns;
  // Read apart, they are one buffer of their own (restored, one each); else they view the catalogue's, which stays.
  const arrays = [c.economy, c.category, c.rating, c.schemeBits, c.prices.currency, c.prices.start, c.price, c.gtin];
  const buffers = new Set(arrays.map((array) => array.buffer).filter((buffer) => buffer !== catalogue.ids.bytes.buffer));
  const bytes = [...buffers].reduce((n, buffer) => n + buffer.byteLength, 0);
  c.economy = c.category = c.prices.currency = new Uint16Array(0);
  c.rating = new Int32Array(0);
  c.schemeBits = c.prices.start = c.price = new Uint32Array(0);
  c.gtin = new Float64Array(0);
  merged.add(c);
  return bytes;
}

/**
 * Gives a catalogue whose columns were let go (`dropMergedColumns`) its columns again, as an index
 * over it holds them (`CatalogueIndex.columnsOf`): an index may be built over it once more. Answers
 * the bytes they hold.
 */
export function restoreMergedColumns(catalogue: SnapshotCatalogue, columns: CodeColumns): number {
  if (columns.size !== catalogue.size) throw new RangeError(`columns of ${columns.size} documents for a catalogue of ${catalogue.size}`);
  Object.assign(catalogue.columns, columns, { names: catalogue.columns.names });
  merged.delete(catalogue.columns);
  const c = columns;
  return [c.economy, c.category, c.rating, c.schemeBits, c.prices.currency, c.prices.start, c.price, c.gtin].reduce((n, a) => n + a.byteLength, 0);
}

/** Columns let go by `dropMergedColumns`: an index over them would be wrong. */
const merged = new WeakSet<ProductColumns>();

/** True when a catalogue's columns were let go (`dropMergedColumns`): it must be read again before an index is built over it. */
export function columnsDropped(catalogue: SnapshotCatalogue): boolean {
  return merged.has(catalogue.columns);
}

/** The column arrays in the order `decodeCatalogue` reads them. */
function arraysOf(c: ProductColumns): ArrayBufferView[] {
  return [c.economy, c.category, c.rating, c.schemeBits, c.prices.currency, c.prices.start, c.price, c.gtin, c.names.own, c.names.first];
}

/** Packed strings as two sections: offsets, then bytes. */
function packed(strings: PackedStrings): ArrayBufferView[] {
  return [strings.offsets, strings.bytes];
}

function align(length: number): number {
  return Math.ceil(length / 8) * 8;
}
