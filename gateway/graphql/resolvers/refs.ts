import type { IndexedProduct } from '../../federation/snapshot';

/**
 * What a Product resolver receives: the indexed product and the request-level currency and
 * language preferences that the root field set (field arguments override them).
 */
export interface ProductRef {
  item: IndexedProduct;
  currency: string | null;
  languages: string[];
}

/** A code-list value (economy, category) with the languages it should be labelled in. */
export interface CodeRef {
  code: string;
  languages: string[];
}
