import { isValidGtin } from '../../schemas/gtin';
import type { CatalogueIndex } from '../federation/catalogue/catalogue-index';

/** Each index's GTINs in ascending order with their documents, built on the first look-up and dropped with the index. */
const byGtin = new WeakMap<CatalogueIndex, { gtins: Float64Array; docs: Int32Array }>();

/**
 * A GTIN-8, -12, -13 or -14 as GS1 writes it in a Digital Link: 14 digits, zero-padded on the
 * left. Undefined for anything else (letters, a wrong length, a wrong check digit).
 */
export function gtin14(text: string): string | undefined {
  return isValidGtin(text) ? text.padStart(14, '0') : undefined;
}

/** The id of the product that carries a GTIN-14 in this index, if any (of two, which only connectors of one economy may share (federation/gtin-owners.ts), the earlier in the default order). */
export function productByGtin(index: CatalogueIndex, gtin: string): string | undefined {
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
  return low < table.gtins.length && table.gtins[low] === wanted ? index.idOf(table.docs[low]!) : undefined;
}
