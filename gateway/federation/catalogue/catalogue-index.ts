import type { CanonicalProduct } from '../../../schemas/product';
import { BoundedMap } from '../../collections/bounded-map';
import { roughBytes } from '../../collections/rough-bytes';
import { typoWords, type SearchIndex } from '../search/search-index';
import { planQuery } from '../search/search-plan';
import { mergeColumns, nameAt, splitColumns, type CodeColumns } from '../search/columns';
import { countFacets, type Facets } from '../search/facets';
import type { IndexedProduct, Snapshot } from '../snapshot';
import { cachedDocuments, docOf, readDocuments } from './snapshot-catalogue';
import type { CatalogueSearch, Selection } from './selection';

export type { CatalogueSearch };

/** Selections kept per index, and the most documents one may hold to be kept (at most 2 MB in all). */
const MAX_SELECTIONS = 64;
export const MAX_SELECTION_DOCS = 4096;
/** Bytes of derived values held (sort orders of every document, per language and currency). */
const MAX_MEMO_BYTES = 128 * 1024 * 1024;

/** A memo's bytes: a sort order is an array of document numbers (8 bytes each); anything else is estimated. */
const memoBytes = (value: unknown, key: string) => 2 * key.length + (Array.isArray(value) ? 16 + 8 * value.length : roughBytes(value));

/**
 * Work space of a search, shared by every index of the isolate and grown to the largest: each match
 * and its score (what a search answers, as views), and by document a generation stamp and the score.
 * A broad word then allocates no buffer of the catalogue's size per request, whose bytes outside the
 * heap would bring on full collections of it (p99 of issue 30); and an isolate holding many indexes
 * (the shards of a partitioned catalogue) holds one work space, not 24 bytes a document of each. A
 * search's result is read before anything searches again (no await between): `has` and `score`
 * refuse to be first read after another search of any index.
 */
const work = { docs: new Int32Array(0), scores: new Float64Array(0), stamp: new Uint32Array(0), value: new Float64Array(0), generation: 0 };

/** The shared work space, large enough for an index of `size` documents, and the next search's generation. */
function workSpace(size: number): number {
  if (work.stamp.length < size) {
    work.docs = new Int32Array(size);
    work.scores = new Float64Array(size);
    work.stamp = new Uint32Array(size);
    work.value = new Float64Array(size);
  }
  if (++work.generation === 0xffffffff) {
    work.stamp.fill(0);
    work.generation = 1;
  }
  return work.generation;
}

/** How an index numbers its documents. */
export interface CatalogueIndexOptions {
  /**
   * A shard's slice of a partitioned catalogue (docs/decisions/0030-edge-partitioning.md): each
   * connector's products' places in the whole catalogue's default order (`defaultPlace`), by
   * connector, in its snapshot's id order. The index then numbers its documents by place, so that
   * every order it gives (ties in document order) is the whole's order restricted to the slice.
   * Absent: the one index's own default order.
   */
  places?: ReadonlyMap<string, ArrayLike<number>>;
  /**
   * Where products are read by id when the catalogue's shards hold them (the Worker with
   * CATALOGUE_SHARDS: its own snapshots are then empty). Absent: from the snapshots.
   */
  lookup?: (ids: readonly string[], options: { remember: boolean }) => Promise<Array<IndexedProduct | null>>;
}

/**
 * The merged, read-only view of every connector's latest snapshot. Built once per change of any
 * snapshot, never per request: the default order, columns, per-economy counts, the search indexes
 * and memoized sort orders. It holds ids and numbers; records are read on demand (`lookup`).
 */
export class CatalogueIndex {
  readonly economyCounts: ReadonlyMap<string, number>;
  /** Sort orders and the like, keyed partly by request input (the language): bounded. */
  private readonly memos = new BoundedMap<string, unknown>({ maxEntries: 64, maxBytes: MAX_MEMO_BYTES, sizeOf: memoBytes });
  /** Recent queries' selections (request input: bounded in entries and in the documents each holds). */
  private readonly selections = new BoundedMap<string, Selection>({
    maxEntries: MAX_SELECTIONS,
    maxBytes: MAX_SELECTIONS * (MAX_SELECTION_DOCS * 8 + 16 * 1024),
    sizeOf: (selection, key) => 2 * key.length + 8 * selection.docs.length + (selection.search ? 16 * 1024 : 64),
  });
  /** Each snapshot with the global position of each of its products (its search index's numbering). */
  private readonly parts: Array<{ snapshot: Snapshot; toGlobal: Int32Array; stale: boolean; languages: ReadonlyMap<string, number> }>;
  private readonly lookupFrom?: CatalogueIndexOptions['lookup'];
  /** For each global position, its part and its number in that part's catalogue. */
  private readonly partOf: Uint16Array;
  private readonly localOf: Int32Array;
  /** What filters, sorts and facets read: every document's columns, in this index's numbering. */
  readonly columns: CodeColumns;
  /** A shard's slice (`CatalogueIndexOptions.places`): each document's place in the whole catalogue's default order. */
  readonly places?: Float64Array;

  constructor(
    snapshots: readonly Snapshot[],
    stale: ReadonlySet<string> = new Set(),
    readonly version = 0,
    options: CatalogueIndexOptions = {},
  ) {
    this.lookupFrom = options.lookup;
    const sorted = [...snapshots].sort((a, b) => (a.connector < b.connector ? -1 : 1));
    for (const { connector, catalogue } of sorted)
      if (catalogue.columns.economy.length !== catalogue.size) throw new RangeError(`${connector}'s columns were let go (dropMergedColumns): read it again`);
    this.parts = sorted.map((snapshot) => ({
      snapshot,
      toGlobal: new Int32Array(snapshot.catalogue.size),
      stale: stale.has(snapshot.connector),
      languages: new Map(snapshot.catalogue.columns.names.languages.map((lang, id) => [lang, id])),
    }));
    const size = sorted.reduce((sum, s) => sum + s.catalogue.size, 0);
    this.partOf = new Uint16Array(size);
    this.localOf = new Int32Array(size);
    if (options.places) {
      // A shard's slice: its documents numbered by their place in the whole catalogue's default order.
      const place = new Float64Array(size);
      const runs = [0];
      let n = 0;
      this.parts.forEach(({ snapshot }, part) => {
        const places = options.places!.get(snapshot.connector);
        if (!places || places.length !== snapshot.catalogue.size) throw new RangeError(`no place for each of ${snapshot.connector}'s products`);
        for (let i = 0; i < places.length; i++, n++) {
          this.partOf[n] = part;
          this.localOf[n] = i;
          place[n] = places[i]!;
        }
        runs.push(n);
      });
      const order = mergedOrder(place, runs) ?? Int32Array.from({ length: size }, (_, i) => i).sort((a, b) => place[a]! - place[b]!);
      const partOf = this.partOf.slice();
      const localOf = this.localOf.slice();
      this.places = Float64Array.from(order, (from) => place[from]!);
      order.forEach((from, doc) => {
        this.partOf[doc] = partOf[from]!;
        this.localOf[doc] = localOf[from]!;
        this.parts[partOf[from]!]!.toGlobal[localOf[from]!] = doc;
      });
    } else {
      // The default order: economies interleaved, each in id order, so a first page shows them all.
      let doc = 0;
      for (let i = 0; doc < size; i++) {
        this.parts.forEach(({ snapshot, toGlobal }, part) => {
          if (i >= snapshot.catalogue.size) return;
          toGlobal[i] = doc;
          this.partOf[doc] = part;
          this.localOf[doc++] = i;
        });
      }
    }
    this.columns = mergeColumns(
      this.parts.map(({ snapshot }) => snapshot.catalogue.columns),
      this.partOf,
      this.localOf,
    );
    const counts = new Map<string, number>();
    const { economies, economy } = this.columns;
    for (let d = 0; d < size; d++) counts.set(economies[economy[d]!]!, (counts.get(economies[economy[d]!]!) ?? 0) + 1);
    this.economyCounts = counts;
  }

  /**
   * True when the catalogue's shards hold the products and this index numbers none of them (the
   * Worker with CATALOGUE_SHARDS): products are then read by id only, through `lookup`.
   */
  get sharded(): boolean {
    return this.lookupFrom !== undefined;
  }

  /**
   * Bytes the index holds of its own, besides its snapshots': its numbering, places and merged
   * columns, and the memos and selections it keeps (what an isolate's budget of shards counts).
   */
  get bytes(): number {
    const c = this.columns;
    let bytes = this.partOf.byteLength + this.localOf.byteLength + (this.places?.byteLength ?? 0);
    for (const { toGlobal } of this.parts) bytes += toGlobal.byteLength;
    for (const array of [c.economy, c.category, c.rating, c.schemeBits, c.price, c.gtin, c.prices.currency, c.prices.start]) bytes += array.byteLength;
    return bytes + 2 * c.prices.text.length + this.memos.bytes + this.selections.bytes;
  }

  /**
   * The columns of one of its snapshots in that snapshot's own numbering, split from the merged ones
   * (`splitColumns`); undefined when the snapshot is not one of its parts. What a catalogue shard
   * rebuilds its next index from, its slices' own columns let go.
   */
  columnsOf(snapshot: Snapshot): CodeColumns | undefined {
    const part = this.parts.find((p) => p.snapshot === snapshot);
    return part && splitColumns(this.columns, part.toGlobal);
  }

  /** How many documents the index numbers. */
  get size(): number {
    return this.partOf.length;
  }

  /** The product id of a document. */
  idOf(doc: number): string {
    return this.parts[this.partOf[doc]!]!.snapshot.catalogue.ids.at(this.localOf[doc]!);
  }

  /** The snapshot a document comes from, and its number in that snapshot's catalogue (a shard's walk reads its source digest). */
  partAt(doc: number): { snapshot: Snapshot; local: number } {
    return { snapshot: this.parts[this.partOf[doc]!]!.snapshot, local: this.localOf[doc]! };
  }

  /** Every product id, in the default order (the sitemap's). */
  ids(): string[] {
    return Array.from({ length: this.size }, (_, doc) => this.idOf(doc));
  }

  /** True when some snapshot has a product with this id. */
  has(id: string): boolean {
    return this.parts.some(({ snapshot }) => docOf(snapshot.catalogue, id) >= 0);
  }

  /** The document of a product id, or -1 when no snapshot has it: where a look-up would read it, without reading it. */
  docOf(id: string): number {
    for (const { snapshot, toGlobal } of this.parts) {
      const local = docOf(snapshot.catalogue, id);
      if (local >= 0) return toGlobal[local]!;
    }
    return -1;
  }

  /**
   * The serial of the snapshot catalogue that holds a document: with the product id, it names the
   * record's content (a catalogue never changes), so a memo of what is made from the record can be
   * keyed without reading it.
   */
  catalogueSerialOf(doc: number): number {
    return this.parts[this.partOf[doc]!]!.snapshot.catalogue.serial;
  }

  /**
   * Products by id, in the order asked (null for an unknown id), their records read from their
   * snapshots' documents (see {@link records}). `remember: false` leaves the shared record cache as
   * it was (a walk's reads: a change recording's). @default remember true
   */
  async lookup(ids: readonly string[], { remember = true }: { remember?: boolean } = {}): Promise<Array<IndexedProduct | null>> {
    if (this.lookupFrom) return this.lookupFrom(ids, { remember });
    const docs: number[] = [];
    const asked: number[] = [];
    ids.forEach((id, i) => {
      for (const { snapshot, toGlobal } of this.parts) {
        const local = docOf(snapshot.catalogue, id);
        if (local < 0) continue;
        docs.push(toGlobal[local]!);
        asked.push(i);
        return;
      }
    });
    const found: Array<IndexedProduct | null> = ids.map(() => null);
    const records = await this.records(docs, { remember });
    asked.forEach((i, k) => {
      found[i] = records[k]!;
    });
    return found;
  }

  /**
   * The products of documents of this index, in the order asked, one read per snapshot in the
   * batch: what a products page reads, and what the per-request DataLoader reads by id through `lookup`.
   * `remember: false` leaves the shared record cache as it was (a batch read once; a walk over every
   * product reads through `eachRecord`). @default remember true
   */
  async records(docs: readonly number[], { remember = true }: { remember?: boolean } = {}): Promise<IndexedProduct[]> {
    const found: IndexedProduct[] = new Array(docs.length);
    // One pass over the documents, grouped by snapshot; only snapshots with a document are read.
    const byPart = new Map<number, { asked: number[]; locals: number[] }>();
    docs.forEach((doc, i) => {
      const part = this.partOf[doc]!;
      let group = byPart.get(part);
      if (!group) byPart.set(part, (group = { asked: [], locals: [] }));
      group.asked.push(i);
      group.locals.push(this.localOf[doc]!);
    });
    const reads: Array<Promise<void>> = [];
    for (const [part, { asked, locals }] of byPart) {
      const { snapshot, stale } = this.parts[part]!;
      const place = (records: CanonicalProduct[]) =>
        asked.forEach((i, k) => {
          found[i] = { product: records[k]!, fetchedAt: snapshot.fetchedAt, stale };
        });
      // Records the document cache holds are placed at once: a page read again awaits nothing.
      const cached = cachedDocuments(snapshot.catalogue, locals);
      if (cached) place(cached);
      else reads.push(readDocuments(snapshot.catalogue, locals, { remember }).then(place));
    }
    await Promise.all(reads);
    return found;
  }

  /**
   * Hands each document's product to `visit`, in the order asked, without remembering any (a walk
   * over the whole catalogue: an export, a feed). Nothing made per product outlives the call, and
   * the object `visit` is given is one, reused for every product: read it, never keep it. Why not
   * `records`: a reader that holds its records across awaits (the change feed's) can lead V8 to
   * allocate `records`' arrays and wrappers straight in the old generation, where each one keeps its
   * young record alive through every scavenge until the next full collection; a walk through such
   * objects promoted every record it read (+350 MB of garbage in the old space at 250,000 products).
   */
  async eachRecord(docs: readonly number[], visit: (record: IndexedProduct) => void): Promise<void> {
    // Where each asked document is: its part, and its place among that part's documents asked (numbers only).
    const partAt = new Int32Array(docs.length);
    const placeAt = new Int32Array(docs.length);
    const locals = new Map<number, number[]>();
    for (let i = 0; i < docs.length; i++) {
      const part = this.partOf[docs[i]!]!;
      let asked = locals.get(part);
      if (!asked) locals.set(part, (asked = []));
      partAt[i] = part;
      placeAt[i] = asked.length;
      asked.push(this.localOf[docs[i]!]!);
    }
    const parts = [...locals.keys()];
    const read = await Promise.all(parts.map((part) => readDocuments(this.parts[part]!.snapshot.catalogue, locals.get(part)!, { remember: false })));
    const products = new Map(parts.map((part, k) => [part, read[k]!] as const));
    const record: IndexedProduct = { product: undefined as unknown as CanonicalProduct, fetchedAt: '', stale: false };
    for (let i = 0; i < docs.length; i++) {
      const { snapshot, stale } = this.parts[partAt[i]!]!;
      record.product = products.get(partAt[i]!)![placeAt[i]!]!;
      record.fetchedAt = snapshot.fetchedAt;
      record.stale = stale;
      visit(record);
    }
    record.product = undefined as unknown as CanonicalProduct;
  }

  /**
   * Searches every snapshot's index with one plan (the query cut into clauses, with the lexicon's
   * alternatives and the typo-tolerant words decided over all snapshots at once) and numbers the
   * matches in this index's order, each beside its score; undefined when the query has nothing to
   * search for. The result lives in the index's work space: read it before the next search (`has`
   * and `score`, which look a document up, refuse to be first read after it). A shard of a partitioned catalogue passes
   * the whole catalogue's `vocabulary` (scatter-gather.ts's statistics), so the typo-tolerant words
   * are decided over every shard, not over its own snapshots.
   */
  search(query: string, vocabulary?: Pick<SearchIndex, 'knows'>): CatalogueSearch | undefined {
    const plan = planQuery(query);
    if (!plan) return undefined;
    const indexes = this.parts.map(({ snapshot }) => snapshot.catalogue.search);
    const typos = typoWords(plan, vocabulary ? [vocabulary] : indexes);
    const results = this.parts.map((_, part) => indexes[part]!.run(plan, typos));
    const generation = workSpace(this.size);
    const { stamp, value } = work;
    const matched = results.reduce((sum, r) => sum + r.docs.length, 0);
    const docs = work.docs.subarray(0, matched);
    const scores = work.scores.subarray(0, matched);
    let n = 0;
    results.forEach((result, part) => {
      const { toGlobal } = this.parts[part]!;
      scores.set(result.scores, n);
      for (let i = 0; i < result.docs.length; i++) docs[n++] = toGlobal[result.docs[i]!]!;
    });
    // Looked up by document only when asked (another sort walking its order, a shard's keys): a
    // page by relevance reads the scores beside the docs, and a broad word stamps nothing.
    let stamped = false;
    const stampAll = () => {
      if (work.generation !== generation) throw new Error('a search result was read by document after another search');
      for (let i = 0; i < matched; i++) {
        stamp[docs[i]!] = generation;
        value[docs[i]!] = scores[i]!;
      }
      stamped = true;
    };
    return {
      docs,
      scores,
      has: (doc) => {
        if (!stamped) stampAll();
        return stamp[doc] === generation;
      },
      score: (doc) => {
        if (!stamped) stampAll();
        return stamp[doc] === generation ? value[doc]! : 0;
      },
      explain: (doc) => indexes[this.partOf[doc]!]!.explain(plan, typos, this.localOf[doc]!),
    };
  }

  /** Counts of the given documents (in any order) by economy, category, rating and certification. */
  facets(docs: ArrayLike<number>): Facets {
    return countFacets(this.columns, docs);
  }

  /** Derived values held (sort orders), for the memory-bound tests. */
  get memoCount(): number {
    return this.memos.size;
  }

  /**
   * The whole selection of a recent query, when kept (see `keepSelection`): a portal's long tail
   * asks the same searches in many languages, currencies and page sizes.
   */
  keptSelection(key: string): Selection | undefined {
    return this.selections.peek(key);
  }

  /**
   * Keeps a query's whole selection for the next request of it, when it holds at most
   * MAX_SELECTION_DOCS documents: larger ones are paged from the search each time (query.ts), so
   * what is held stays small. The first kept is the first dropped: a hit moves nothing (cheap to
   * remake, and read on every request).
   */
  keepSelection(key: string, selection: Selection): void {
    if (selection.docs.length <= MAX_SELECTION_DOCS) this.selections.set(key, selection);
  }

  /** A value derived from this index, computed once (sort orders, per-language names). */
  memo<T>(key: string, build: () => T): T {
    return this.memos.getOrCreate(key, build) as T;
  }

  /**
   * The language `nameFor` actually reads for `lang`: `lang` itself when some product has a name in
   * it, else its base language (`en-x-a1` reads as `en`). Sort orders are keyed by this, so a
   * flood of made-up tags shares one order.
   */
  nameLanguage(lang: string): string {
    const named = this.parts.some(({ snapshot, languages }) => !(snapshot.catalogue.columns.names.text[languages.get(lang) ?? 0]?.allEmpty ?? true));
    return named ? lang : lang.split('-')[0]!;
  }

  /** The name a document sorts by in `lang`: that language, else English, else its own, else its first. */
  nameFor(doc: number, lang: string): string {
    const { snapshot, languages } = this.parts[this.partOf[doc]!]!;
    const { names } = snapshot.catalogue.columns;
    const local = this.localOf[doc]!;
    const by = (tag: string) => nameAt(names, languages.get(tag) ?? 0, local);
    return by(lang) ?? by(lang.split('-')[0]!) ?? by('en') ?? nameAt(names, names.own[local]!, local) ?? nameAt(names, names.first[local]!, local)!;
  }
}

/**
 * The positions of `values` in ascending order when each run `[runs[r], runs[r + 1])` ascends
 * already (a shard's slices: each connector's products in id order, so their places ascend), by
 * merging the runs; undefined when one does not, for a sort to do it.
 */
export function mergedOrder(values: Float64Array, runs: readonly number[]): Int32Array | undefined {
  for (let r = 0; r + 1 < runs.length; r++) {
    for (let i = runs[r]! + 1; i < runs[r + 1]!; i++) if (!(values[i - 1]! < values[i]!)) return undefined;
  }
  const heads = Int32Array.from(runs.slice(0, -1));
  const order = new Int32Array(values.length);
  for (let n = 0; n < order.length; n++) {
    let best = -1;
    for (let r = 0; r < heads.length; r++) {
      if (heads[r]! < runs[r + 1]! && (best < 0 || values[heads[r]!]! < values[heads[best]!]!)) best = r;
    }
    order[n] = heads[best]!++;
  }
  return order;
}
