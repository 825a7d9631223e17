import type { CanonicalProduct } from '../../../schemas/product';
import type { IndexedProduct } from '../snapshot';

/** Ids one read asks for at most; more asked in one turn are read in several. @default 500 */
const MAX_BATCH = 500;

/**
 * A reader of products by id that gathers every id asked in one turn of the microtask queue and
 * reads them with one call of `read` (the sharded catalogue's `lookup`: one call per shard), so that
 * a caller asking for a chunk's products at once (`Promise.all`, as detection and the sweep do)
 * costs one round trip per shard, not one per product. Nothing is cached: each id asked is read.
 * Undefined for an id `read` does not know.
 */
export function batchedReader(
  read: (ids: readonly string[]) => Promise<ReadonlyArray<IndexedProduct | null>>,
  maxBatch = MAX_BATCH,
): (id: string) => Promise<CanonicalProduct | undefined> {
  let queued: Array<{ id: string; resolve: (product: CanonicalProduct | undefined) => void; reject: (error: unknown) => void }> = [];
  const dispatch = () => {
    const batch = queued;
    queued = [];
    for (let from = 0; from < batch.length; from += maxBatch) {
      const part = batch.slice(from, from + maxBatch);
      read(part.map((asked) => asked.id)).then(
        (found) => {
          for (const [i, asked] of part.entries()) asked.resolve(found[i]?.product ?? undefined);
        },
        (error: unknown) => {
          for (const asked of part) asked.reject(error);
        },
      );
    }
  };
  return (id) =>
    new Promise((resolve, reject) => {
      if (queued.length === 0) queueMicrotask(dispatch);
      queued.push({ id, resolve, reject });
    });
}
