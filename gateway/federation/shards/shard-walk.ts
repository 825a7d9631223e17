import type { IndexedProduct } from '../snapshot';
import { MAX_WALK_PAGE, type ShardScope, type ShardWalkPage, type ShardWalkRequest } from './catalogue-shard';

/** One product of a walk over the shards. */
export interface WalkedProduct {
  id: string;
  /** Its place in the whole catalogue's default order (`defaultPlace`). */
  place: number;
  /** `sourceDigest` of its JSON as harvested ('' when its shard's slice has none). */
  source: string;
  /** Its record, when the walk reads them. */
  record?: IndexedProduct;
}

/** What a walk over the shards takes. */
export interface ShardWalkOptions {
  /** The shards (their `walk`, of `ShardClient`). */
  shards: ReadonlyArray<{ walk(request: ShardWalkRequest): Promise<ShardWalkPage> }>;
  scope: ShardScope;
  /** Only this connector's products. */
  connector?: string;
  /** Only this economy's products (ISO 3166-1 alpha-2, upper case). */
  economy?: string;
  /** Whether each product comes with its record. @default false */
  records?: boolean;
  /** Products a merged page holds. @default 200 */
  pageSize?: number;
  /**
   * Products each shard answers a call: with records, about two merged pages' share of each shard
   * (at least 16), so that what is held stays near a page whatever the shard count; without, 500.
   */
  perShard?: number;
}

/** Where a walk is on one shard: the page it answered last and how far the merge took it. */
interface Position {
  page?: ShardWalkPage;
  at: number;
  next: number | null;
  /** The slices its first page read (`ShardWalkPage.served`). */
  served?: string;
}

/**
 * A walk whose shard served another harvest of a connector walked between two of its pages (an
 * activation): the connector's places moved, and going on could skip products or give some twice.
 * Where a Node walk reads one index throughout, this one fails; the caller walks again (an export
 * ends its stream in error rather than end it short).
 */
export class CatalogueMovedError extends Error {
  constructor(readonly shard: number) {
    super(`the catalogue changed during the walk (shard ${shard} serves another harvest now): walk again`);
    this.name = 'CatalogueMovedError';
  }
}

/**
 * The catalogue's products (or one connector's, or one economy's) in the whole catalogue's default
 * order, merged from every shard's walk by place, a page of `pageSize` at a time: the one-index
 * order on Node (connectors interleaved, each in id order). Each shard answers a page of its own
 * per call (`CatalogueShard.walk`: ids, places, source digests, records when asked); a shard whose
 * page the merge used up is asked for its next, together with every other shard that has less
 * than a quarter of a page left, so that the shards' calls overlap. What is held at any time is a
 * page or so per shard, never the catalogue. Throws CatalogueMovedError when a shard activates
 * another harvest of a connector walked before the walk ends.
 */
export async function* walkShards(options: ShardWalkOptions): AsyncGenerator<WalkedProduct[]> {
  const { shards, scope, connector, economy, records = false, pageSize = 200 } = options;
  const perShard = Math.min(MAX_WALK_PAGE, options.perShard ?? (records ? Math.max(16, Math.ceil((2 * pageSize) / shards.length)) : 500));
  const positions: Position[] = shards.map(() => ({ at: 0, next: -1 }));
  const left = (p: Position) => (p.page ? p.page.ids.length - p.at : 0);
  const low = Math.max(1, Math.floor(perShard / 4));
  /** Asks a shard for its next pages until it has a quarter of a page left to merge, or has no more. */
  const fill = async (s: number) => {
    const position = positions[s]!;
    while (position.next !== null && left(position) < low) {
      const page = await shards[s]!.walk({ ...scope, connector, economy, records, after: position.next, count: perShard });
      position.served ??= page.served;
      if (page.served !== position.served) throw new CatalogueMovedError(s);
      position.page = position.page && left(position) > 0 ? joined(position.page, position.at, page) : page;
      position.at = 0;
      position.next = page.next;
    }
  };
  await Promise.all(shards.map((_, s) => fill(s)));
  for (;;) {
    const out: WalkedProduct[] = [];
    while (out.length < pageSize) {
      let best = -1;
      for (let s = 0; s < positions.length; s++) {
        const p = positions[s]!;
        if (left(p) > 0 && (best < 0 || p.page!.places[p.at]! < positions[best]!.page!.places[positions[best]!.at]!)) best = s;
      }
      if (best < 0) break;
      const p = positions[best]!;
      const { page, at } = p as Required<Position>;
      out.push({ id: page.ids[at]!, place: page.places[at]!, source: page.sources[at]!, ...(page.products && { record: page.products[at]! }) });
      p.at++;
      if (left(p) === 0) {
        // Let go of the used page, then refill it, and every other shard running low, at once.
        p.page = undefined;
        if (p.next !== null) await Promise.all(positions.flatMap((q, s) => (q.next !== null && left(q) < low ? [fill(s)] : [])));
      }
    }
    if (out.length === 0) return;
    yield out;
  }
}

/** What is left of `page` from `at`, then `next`: a shard's products still to merge. */
function joined(page: ShardWalkPage, at: number, next: ShardWalkPage): ShardWalkPage {
  return {
    ids: [...page.ids.slice(at), ...next.ids],
    places: [...page.places.slice(at), ...next.places],
    sources: [...page.sources.slice(at), ...next.sources],
    ...((page.products || next.products) && { products: [...(page.products?.slice(at) ?? []), ...(next.products ?? [])] }),
    next: next.next,
  };
}
