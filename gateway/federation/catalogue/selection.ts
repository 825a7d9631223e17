import type { SearchMatch, SearchResult } from '../search/search-index';

/** A search over every snapshot, in the merged index's numbering, that can say why a doc matched. */
export interface CatalogueSearch extends SearchResult {
  explain(doc: number): SearchMatch[];
}

/** What a products query selected: document numbers in order, and the search that chose them. */
export interface Selection {
  readonly docs: readonly number[];
  /** The text search, when the query had text: it says why a document matched. */
  readonly search?: Pick<CatalogueSearch, 'explain'>;
}
