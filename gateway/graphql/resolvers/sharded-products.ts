import type { GraphQLResolveInfo } from 'graphql';
import type { ProductQuery } from '../../federation/catalogue/query';
import type { ShardedCatalogue } from '../../federation/shards/sharded-catalogue';
import type { GatewayContext } from '../context';
import type { ProductRef } from './refs';

/** What a products page needs beyond the query: its size, its cursor, and how to show it. */
export interface ShardedProductsOptions {
  first: number;
  after?: string | null;
  /** The query's fingerprint: a cursor is bound to it. */
  shape: string;
  currency: string | null;
  languages: string[];
  /** The field's resolve info: facets are counted by the shards only when the query selects them. */
  info?: GraphQLResolveInfo;
}

/**
 * The products connection when the catalogue's shards hold it (docs/decisions/0030-edge-partitioning.md):
 * one scatter-gather search for the page (statistics, then a page from each shard, merged as one
 * index would order it), the page's records read from their shards, and cursors that carry every
 * shard's position after their edge, signed as offsets are.
 */
export async function shardedProducts(shards: ShardedCatalogue, query: ProductQuery, ctx: GatewayContext, options: ShardedProductsOptions) {
  const { first, shape, currency, languages } = options;
  // Every connector tried once (first harvests), as the one index's path waits for them.
  await ctx.index();
  const start = options.after ? await ctx.cursors.decodePositions(options.after, shape, shards.count) : undefined;
  const page = await shards.search(query, ctx.rates(), { first, positions: start, facets: selectsFacets(options.info) });
  ctx.loaders.remember(page.items);
  // Each edge's cursor: every shard's position once this edge and those before it are taken.
  const after: number[][] = [];
  const positions = [...(start ?? page.positions.map(() => 0))];
  for (const hit of page.hits) {
    positions[hit.shard]!++;
    after.push([...positions]);
  }
  const cursor = (at: readonly number[]) => () => ctx.cursors.encodePositions(at, shape);
  return {
    edges: page.hits.map((hit, i) => ({
      cursor: cursor(after[i]!),
      node: { item: page.items[i]!, currency, languages } satisfies ProductRef,
      matchedBy: () => hit.matchedBy ?? [],
    })),
    facets: () => page.facets,
    totalCount: page.total,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      endCursor: page.hits.length ? cursor(after.at(-1)!) : null,
      hasPreviousPage: (start ?? []).some((p) => p > 0),
      startCursor: page.hits.length ? cursor(after[0]!) : null,
    },
  };
}

/** True unless the field's selection plainly leaves facets out (a fragment may select them: then counted). */
export function selectsFacets(info: GraphQLResolveInfo | undefined): boolean {
  if (!info) return true;
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind !== 'Field' || selection.name.value === 'facets') return true;
    }
  }
  return false;
}
