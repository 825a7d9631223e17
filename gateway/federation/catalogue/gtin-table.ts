import type { CatalogueIndex } from './catalogue-index';

/** Each index's GTINs in ascending order with their documents, built on the first look-up and dropped with the index. */
const byGtin = new WeakMap<CatalogueIndex, { gtins: Float64Array; docs: Int32Array }>();

/** The bytes of an index's GTIN table, 0 before its first look-up (what an isolate's budget of shards counts with the index). */
export function gtinTableBytes(index: CatalogueIndex): number {
  const table = byGtin.get(index);
  return table ? table.gtins.byteLength + table.docs.byteLength : 0;
}

/**
 * The document that carries a GTIN-14 (14 digits) in this index, or -1: of two, which only
 * connectors of one economy may share (federation/gtin-owners.ts), the earlier in the index's order.
 * A shard's index answers for its slice (its order is the whole catalogue's, by place).
 */
export function docByGtin(index: CatalogueIndex, gtin: string): number {
  let table = byGtin.get(index);
  if (!table) {
    const column = index.columns.gtin;
    const docs = Int32Array.from({ length: column.length }, (_, doc) => doc)
      .filter((doc) => !Number.isNaN(column[doc]))
      .sort((a, b) => column[a]! - column[b]! || a - b);
    table = { gtins: Float64Array.from(docs, (doc) => column[doc]!), docs };
    byGtin.set(index, table);
  }
  const wanted = Number(gtin);
  let low = 0;
  let high = table.gtins.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (table.gtins[mid]! < wanted) low = mid + 1;
    else high = mid;
  }
  return low < table.gtins.length && table.gtins[low] === wanted ? table.docs[low]! : -1;
}
