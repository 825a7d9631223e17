import type { SearchMatch, SearchResult } from '../search/search-index';

/** A search over every snapshot, in the merged index's numbering, that can say why a doc matched. */
export interface CatalogueSearch extends SearchResult {
  explain(doc: number): SearchMatch[];
}

/** What a products query selected, whole: document numbers in order, and the search that chose them (kept on the index when small). */
export interface Selection {
  readonly docs: readonly number[];
  /** The text search, when the query had text: it says why a document matched. */
  readonly search?: Pick<CatalogueSearch, 'explain'>;
}

/**
 * A page of what a products query selected: its documents in order, how many the query selects in
 * all, and every one of them when asked (for facets), without ordering those off the page.
 */
export interface SelectedPage {
  /** The documents at the positions asked for, in the query's order. */
  readonly docs: readonly number[];
  /** How many documents the query selects. */
  readonly total: number;
  /** Every selected document, in no particular order: what facets count. Call it before the index's next search (a view of its work space). */
  matched(): ArrayLike<number>;
  /** The text search, when the query had text: it says why a document matched. */
  readonly search?: Pick<CatalogueSearch, 'explain'>;
}
