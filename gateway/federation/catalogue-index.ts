import { BoundedMap } from '../limits/bounded-map';
import { SearchIndex, typoWords, type SearchMatch, type SearchResult } from './search-index';
import { planQuery } from './search-plan';
import { countFacets, facetColumns, type Facets } from './facets';
import type { IndexedProduct, Snapshot } from './snapshot';

/** Each snapshot's search index, built once per snapshot and shared by every merged index. */
const searchIndexes = new WeakMap<Snapshot, SearchIndex>();

/** A snapshot's products in the order its search index numbers them. */
function ordered(snapshot: Snapshot) {
  return [...snapshot.products].sort((a, b) => (a.id < b.id ? -1 : 1));
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
    for (const { product } of products) counts.set(product.economy, (counts.get(product.economy) ?? 0) + 1);
    this.economyCounts = counts;
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
    return countFacets(
      this.memo('facets:columns', () => facetColumns(this.products.map((p) => p.product))),
      docs,
    );
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
    const languages = this.memo('name-languages', () => new Set(this.products.flatMap((p) => Object.keys(p.product.name))));
    return languages.has(lang) ? lang : lang.split('-')[0]!;
  }

  /** The name a product sorts by in `lang`: that language, else English, else its own. */
  nameFor(p: IndexedProduct, lang: string): string {
    const { name, language } = p.product;
    return name[lang] ?? name[lang.split('-')[0]!] ?? name.en ?? name[language] ?? Object.values(name)[0]!;
  }
}
