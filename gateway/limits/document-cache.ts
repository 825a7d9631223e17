import { BoundedMap } from '../collections/bounded-map';

export interface DocumentCacheOptions {
  /** Documents kept. */
  maxEntries: number;
  /** Longest query text kept, in characters: longer ones are parsed each time, never held. */
  maxKeyLength: number;
}

/**
 * A cache for yoga's parsed documents (and parse errors), keyed by the query text. Bounded in
 * entries and in the length of the text kept, so distinct near-1 MiB queries (comments and spaces
 * cost no tokens) cannot pin hundreds of megabytes.
 */
export function boundedDocumentCache<T>({ maxEntries, maxKeyLength }: DocumentCacheOptions) {
  const entries = new BoundedMap<string, T>(maxEntries);
  return {
    get: (text: string): T | undefined => entries.get(text),
    set: (text: string, value: T): void => {
      if (text.length <= maxKeyLength) entries.set(text, value);
    },
    get size(): number {
      return entries.size;
    },
  };
}
