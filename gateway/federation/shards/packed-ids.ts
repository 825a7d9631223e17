/**
 * A shard's sorted ids as one string, each after the other with a line feed between (product ids
 * are ASCII without one: `{connector}:{localId}`, schemas/product.ts). How a shard keeps a
 * finished slice's ids and answers a chunk of them to the Worker's rank merge (`mergeRanks`).
 */
export function packIds(ids: Iterable<string>): string {
  return [...ids].join('\n');
}
