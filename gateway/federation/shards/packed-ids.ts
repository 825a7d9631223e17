/**
 * A shard's sorted ids as one string, each after the other with a line feed between (product ids
 * are ASCII without one: `{connector}:{localId}`, schemas/product.ts). What `finish` answers the
 * Worker: one string of about 23 bytes an id instead of an array of strings, about 40 (issue 30:
 * six connectors finishing together held 250,000 ids at once in the Worker's isolate).
 */
export function packIds(ids: Iterable<string>): string {
  return [...ids].join('\n');
}

/** How many ids a packed list holds. */
export function packedCount(list: string): number {
  if (list === '') return 0;
  let count = 1;
  for (let at = list.indexOf('\n'); at >= 0; at = list.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * `rankIds` over packed lists: each shard's ids' ranks in the whole connector's id order, a k-way
 * merge that holds only each list's head as a string of its own.
 */
export function rankPackedIds(lists: readonly string[]): Int32Array[] {
  const ranks = lists.map((list) => new Int32Array(packedCount(list)));
  const starts = lists.map(() => 0);
  const at = lists.map(() => 0);
  const head = (s: number): string | undefined => {
    const list = lists[s]!;
    if (starts[s]! > list.length || list === '') return undefined;
    const end = list.indexOf('\n', starts[s]!);
    return list.slice(starts[s]!, end < 0 ? list.length : end);
  };
  const heads = lists.map((_, s) => head(s));
  for (let rank = 0; ; rank++) {
    let best = -1;
    for (let s = 0; s < lists.length; s++) {
      if (heads[s] === undefined) continue;
      if (best < 0 || heads[s]! < heads[best]!) best = s;
    }
    if (best < 0) return ranks;
    ranks[best]![at[best]!++] = rank;
    starts[best]! += heads[best]!.length + 1;
    heads[best] = head(best);
  }
}
