import { BoundedMap } from '../collections/bounded-map';
import { PARSED_BYTES_PER_CHAR } from '../collections/rough-bytes';

export interface DocumentCacheOptions {
  /** Documents kept. */
  maxEntries: number;
  /** Longest query text kept, in characters: longer ones are parsed each time, never held. */
  maxKeyLength: number;
  /**
   * Bytes held, each document counted from its text (PARSED_BYTES_PER_CHAR a character).
   * @default 32 MiB
   */
  maxBytes?: number;
}

/**
 * A cache for yoga's parsed documents (and parse errors), keyed by the query text. Bounded in
 * entries, in the length of the text kept and in bytes, so distinct near-1 MiB queries (comments and
 * spaces cost no tokens) cannot pin hundreds of megabytes: a parsed document holds about 80 bytes a
 * character of its text, so 1,000 documents of 16 K characters would otherwise hold over a gigabyte.
 */
export function boundedDocumentCache<T>({ maxEntries, maxKeyLength, maxBytes = 32 * 1024 * 1024 }: DocumentCacheOptions) {
  const entries = new BoundedMap<string, T>({ maxEntries, maxBytes, sizeOf: (_, text) => PARSED_BYTES_PER_CHAR * text.length });
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
