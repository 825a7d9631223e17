import { SearchIndex } from './search-index';
import type { IndexedProduct, Snapshot } from './snapshot';

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
  private readonly memos = new Map<string, unknown>();
  private searchIndex?: SearchIndex;

  constructor(
    snapshots: readonly Snapshot[],
    stale: ReadonlySet<string> = new Set(),
    readonly version = 0,
  ) {
    const lists = [...snapshots]
      .sort((a, b) => (a.connector < b.connector ? -1 : 1))
      .map((s) =>
        s.products
          .map((product) => ({ product, fetchedAt: s.fetchedAt, stale: stale.has(s.connector) }))
          .sort((a, b) => (a.product.id < b.product.id ? -1 : 1)),
      );
    const products: IndexedProduct[] = [];
    for (let i = 0; lists.some((l) => i < l.length); i++) {
      for (const list of lists) if (i < list.length) products.push(list[i]!);
    }
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

  /** The search index over every product's texts, built on first use. */
  get search(): SearchIndex {
    return (this.searchIndex ??= new SearchIndex(this.products.map((p) => p.product)));
  }

  /** A value derived from this index, computed once (sort orders, per-language names). */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /** The name a product sorts by in `lang`: that language, else English, else its own. */
  nameFor(p: IndexedProduct, lang: string): string {
    const { name, language } = p.product;
    return name[lang] ?? name[lang.split('-')[0]!] ?? name.en ?? name[language] ?? Object.values(name)[0]!;
  }
}
