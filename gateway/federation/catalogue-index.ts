import { BoundedMap } from '../limits/bounded-map';
import { SearchIndex, typoWords, type SearchMatch, type SearchResult } from './search-index';
import { planQuery } from './search-plan';
import { columnsOf, mergeColumns, nameAt, type ProductColumns } from './columns';
import { countFacets, type Facets } from './facets';
import type { IndexedProduct, Snapshot } from './snapshot';

/** Each snapshot's search index, built once per snapshot and shared by every merged index. */
const searchIndexes = new WeakMap<Snapshot, SearchIndex>();

/** A snapshot's products in the order its search index numbers them. */
function ordered(snapshot: Snapshot) {
  return [...snapshot.products].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Each snapshot's columns, in the same numbering. */
const snapshotColumns = new WeakMap<Snapshot, ProductColumns>();

function columnsOfSnapshot(snapshot: Snapshot): ProductColumns {
  let columns = snapshotColumns.get(snapshot);
  if (!columns) snapshotColumns.set(snapshot, (columns = columnsOf(ordered(snapshot))));
  return columns;
}

function searchIndexOf(snapshot: Snapshot): SearchIndex {
  let index = searchIndexes.get(snapshot);
  if (!index) searchIndexes.set(snapshot, (index = new SearchIndex(ordered(snapshot))));
  return index;
}

/**
 * Builds a new snapshot's search index soon, off the request that adopted it, so the first search
 * after a refresh does not wait for it.
 */
export function prepareSearch(snapshot: Snapshot): void {
  setTimeout(() => searchIndexOf(snapshot), 0);
}

/** A search over every snapshot, in the merged index's numbering, that can say why a doc matched. */
export interface CatalogueSearch extends SearchResult {
  explain(doc: number): SearchMatch[];
}

/**
 * The merged, read-only view of every connector's latest snapshot. Built once per change of any
 * snapshot, never per request: look-ups by id, per-economy counts, the default order, the search
 * index and memoized sort orders.
 */
export class CatalogueIndex {
  /** Every product, by id. */
  readonly byId: ReadonlyMap<string, IndexedProduct>;
  /** The default order: economies interleaved, each in id order, so a first page shows them all. */
  readonly products: readonly IndexedProduct[];
  readonly economyCounts: ReadonlyMap<string, number>;
  /** Sort orders and the like, keyed partly by request input (the language): bounded. */
  private readonly memos = new BoundedMap<string, unknown>(64);
  /** Each snapshot with the global position of each of its products (its search index's numbering). */
  private readonly parts: Array<{ snapshot: Snapshot; toGlobal: Int32Array }>;
  private readonly scratch: { stamp: Uint32Array; value: Float64Array };
  private generation = 0;
  /** For each global position, its part and its number in that part's search index. */
  private readonly partOf: Uint16Array;
  private readonly localOf: Int32Array;
  private merged?: ProductColumns;
  private languageIds?: Map<string, number>;

  constructor(
    snapshots: readonly Snapshot[],
    stale: ReadonlySet<string> = new Set(),
    readonly version = 0,
  ) {
    const sorted = [...snapshots].sort((a, b) => (a.connector < b.connector ? -1 : 1));
    const lists = sorted.map((s) => ordered(s).map((product) => ({ product, fetchedAt: s.fetchedAt, stale: stale.has(s.connector) })));
    this.parts = sorted.map((snapshot, i) => ({ snapshot, toGlobal: new Int32Array(lists[i]!.length) }));
    const products: IndexedProduct[] = [];
    for (let i = 0; lists.some((l) => i < l.length); i++) {
      lists.forEach((list, part) => {
        if (i >= list.length) return;
        this.parts[part]!.toGlobal[i] = products.length;
        products.push(list[i]!);
      });
    }
    this.scratch = { stamp: new Uint32Array(products.length), value: new Float64Array(products.length) };
    this.partOf = new Uint16Array(products.length);
    this.localOf = new Int32Array(products.length);
    this.parts.forEach(({ toGlobal }, part) => {
      toGlobal.forEach((doc, local) => {
        this.partOf[doc] = part;
        this.localOf[doc] = local;
      });
    });
    this.products = products;
    this.byId = new Map(products.map((p) => [p.product.id, p]));
    const counts = new Map<string, number>();
    const { economies, economy } = this.columns;
    for (let doc = 0; doc < economy.length; doc++) counts.set(economies[economy[doc]!]!, (counts.get(economies[economy[doc]!]!) ?? 0) + 1);
    this.economyCounts = counts;
  }

  /** How many documents the index numbers. */
  get size(): number {
    return this.partOf.length;
  }

  /** What filters, sorts and facets read: every document's columns, in this index's numbering. */
  get columns(): ProductColumns {
    this.merged ??= mergeColumns(
      this.parts.map(({ snapshot }) => columnsOfSnapshot(snapshot)),
      this.partOf,
      this.localOf,
    );
    return this.merged;
  }

  /**
   * Products by id, in the order asked, one look-up per connector in the batch: what the
   * per-request DataLoader calls with every id a query needs.
   */
  lookup(ids: readonly string[]): Array<IndexedProduct | null> {
    const byConnector = new Map<string, string[]>();
    for (const id of ids) {
      const connector = id.split(':')[0]!;
      byConnector.set(connector, [...(byConnector.get(connector) ?? []), id]);
    }
    const found = new Map<string, IndexedProduct>();
    for (const group of byConnector.values()) {
      for (const id of group) {
        const item = this.byId.get(id);
        if (item) found.set(id, item);
      }
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * Searches every snapshot's index with one plan (the query cut into clauses, with the lexicon's
   * alternatives and the typo-tolerant words decided over all snapshots at once) and numbers the
   * matches in this index's order; undefined when the query has nothing to search for. Like a
   * snapshot's result, read it before the next search.
   */
  search(query: string): CatalogueSearch | undefined {
    const plan = planQuery(query);
    if (!plan) return undefined;
    const indexes = this.parts.map(({ snapshot }) => searchIndexOf(snapshot));
    const typos = typoWords(plan, indexes);
    const generation = ++this.generation;
    const { stamp, value } = this.scratch;
    const docs: number[] = [];
    this.parts.forEach(({ toGlobal }, part) => {
      const result = indexes[part]!.run(plan, typos);
      for (let i = 0; i < result.docs.length; i++) {
        const doc = toGlobal[result.docs[i]!]!;
        stamp[doc] = generation;
        value[doc] = result.scores[i]!;
        docs.push(doc);
      }
    });
    return {
      docs,
      has: (doc) => stamp[doc] === generation,
      score: (doc) => (stamp[doc] === generation ? value[doc]! : 0),
      explain: (doc) => indexes[this.partOf[doc]!]!.explain(plan, typos, this.localOf[doc]!),
    };
  }

  /** Counts of the given documents by economy, category, rating and certification. */
  facets(docs: readonly number[]): Facets {
    return countFacets(this.columns, docs);
  }

  /** Derived values held (sort orders), for the memory-bound tests. */
  get memoCount(): number {
    return this.memos.size;
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
    const { names } = this.columns;
    const id = this.languageId(lang);
    return id > 0 && names.text[id]!.length > 0 ? lang : lang.split('-')[0]!;
  }

  /** The name a document sorts by in `lang`: that language, else English, else its own, else its first. */
  nameFor(doc: number, lang: string): string {
    const { names } = this.columns;
    const by = (tag: string) => {
      const id = this.languageId(tag);
      return id > 0 ? nameAt(names, id, doc) : undefined;
    };
    return by(lang) ?? by(lang.split('-')[0]!) ?? by('en') ?? nameAt(names, names.own[doc]!, doc) ?? nameAt(names, names.first[doc]!, doc)!;
  }

  private languageId(tag: string): number {
    this.languageIds ??= new Map(this.columns.names.languages.map((l, id) => [l, id]));
    return this.languageIds.get(tag) ?? 0;
  }
}
