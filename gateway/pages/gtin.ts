import { isValidGtin } from '../../schemas/gtin';
import type { CatalogueIndex } from '../federation/catalogue-index';

/** Each index's products by their GTIN-14, built on the first look-up and dropped with the index. */
const byGtin = new WeakMap<CatalogueIndex, Map<string, string>>();

/**
 * A GTIN-8, -12, -13 or -14 as GS1 writes it in a Digital Link: 14 digits, zero-padded on the
 * left. Undefined for anything else (letters, a wrong length, a wrong check digit).
 */
export function gtin14(text: string): string | undefined {
  return isValidGtin(text) ? text.padStart(14, '0') : undefined;
}

/** The id of the product that carries a GTIN-14 in this index, if any. */
export function productByGtin(index: CatalogueIndex, gtin: string): string | undefined {
  let map = byGtin.get(index);
  if (!map) {
    map = new Map();
    for (const { product } of index.products) if (product.gtin) map.set(product.gtin.padStart(14, '0'), product.id);
    byGtin.set(index, map);
  }
  return map.get(gtin);
}
