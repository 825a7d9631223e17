import type { IndexedProduct } from '../snapshot';
import type { CatalogueIndex } from './catalogue-index';

/**
 * A walk over every product of the catalogue (or of one economy) in its default order, a page at a
 * time as its reader pulls: what an export, a feed and the sitemap read, holding a page at most.
 */
export interface CatalogueWalk {
  /**
   * Hands the next page's products to `visit`, in order, and answers false once none are left. With
   * records, `visit` is given each product's record (an object that may be reused for the next one:
   * read it, never keep it); without, only its id.
   */
  next(visit: (id: string, record: IndexedProduct | undefined) => void): Promise<boolean>;
  /** Lets go of the walk before its end (its reader went away). */
  close(): Promise<void>;
}

/** What a walk takes. */
export interface CatalogueWalkOptions {
  /** Only this economy's products (ISO 3166-1 alpha-2, upper case); all when null. @default null */
  economy?: string | null;
  /** Whether each product's record is read. @default false */
  records?: boolean;
  /** Products a page. @default 200 */
  pageSize?: number;
}

/**
 * A walk over one in-process index: its numbering walked once, the records of a page read without
 * remembering them (`eachRecord`), so memory stays at a page however large the catalogue.
 */
export function indexWalk(index: CatalogueIndex, { economy = null, records = false, pageSize = 200 }: CatalogueWalkOptions = {}): CatalogueWalk {
  const { economies, economy: economyOf } = index.columns;
  const wanted = economy === null ? -1 : economies.indexOf(economy);
  let doc = 0;
  return {
    async next(visit) {
      const docs: number[] = [];
      while (doc < index.size && docs.length < pageSize) {
        if (economy === null || economyOf[doc] === wanted) docs.push(doc);
        doc++;
      }
      if (docs.length === 0) return false;
      if (records) await index.eachRecord(docs, (record) => visit(record.product.id, record));
      else for (const d of docs) visit(index.idOf(d), undefined);
      return true;
    },
    async close() {
      doc = index.size;
    },
  };
}

/** A walk over pages another walk yields (the shards' merged walk: `ShardedCatalogue.walk`). */
export function pagedWalk(pages: AsyncGenerator<ReadonlyArray<{ id: string; record?: IndexedProduct }>>): CatalogueWalk {
  return {
    async next(visit) {
      const { value, done } = await pages.next();
      if (done) return false;
      for (const product of value) visit(product.id, product.record);
      return true;
    },
    async close() {
      await pages.return(undefined);
    },
  };
}
