import { CATEGORIES } from '../../../schemas/taxonomy/categories';
import type { ProductSort } from '../../federation/catalogue/query';
import { selectDocs } from '../../federation/catalogue/query';
import { requestCurrency } from '../../money/currency';
import { crossRate, tableCurrencies } from '../../money/rates/table';
import { ratioToString } from '../../money/decimal';
import { complianceDestination, isoDay } from '../../compliance/destination';
import { evaluateCompliance } from '../../compliance/evaluate';
import { gatewayError } from '../../errors';
import type { GatewayContext } from '../context';
import { fingerprint } from '../cursors/cursor';
import { pageSize, toProductQuery, type ProductFilterInput } from '../product-args';
import type { ProductRef } from './refs';
import type { IndexedProduct } from '../../federation/snapshot';
import type { GraphQLResolveInfo } from 'graphql';
import { selectsFacets, shardedProducts } from './sharded-products';

interface ProductsArgs {
  first?: number | null;
  after?: string | null;
  filter?: ProductFilterInput | null;
  sort?: ProductSort | null;
  currency?: string | null;
  lang?: string | null;
}

/** A record the index numbers: a missing one is the request's error, never a missing product. */
function found(item: IndexedProduct | undefined): IndexedProduct {
  if (!item) throw new Error('a product of the index could not be read');
  return item;
}

/** Most ids one `nodes` call may ask for. */
const MAX_NODES = 100;

export const Query = {
  async products(_: unknown, args: ProductsArgs, ctx: GatewayContext, info?: GraphQLResolveInfo) {
    const first = pageSize(args.first);
    const languages = ctx.languages(args.lang);
    const rates = ctx.rates();
    const currency = args.currency ? requestCurrency(args.currency, rates) : null;
    const query = toProductQuery(args.filter, args.sort ?? 'RELEVANCE', currency ?? 'USD', languages[0]!);
    const shape = fingerprint(Object.assign({}, query, { lang: query.sort === 'NAME_ASC' ? query.lang : undefined }));
    const shards = ctx.federation.shards;
    if (shards) return shardedProducts(shards, query, ctx, { first, after: args.after, shape, currency, languages, info });
    const offset = args.after ? (await ctx.cursors.decode(args.after, shape)) + 1 : 0;
    const index = await ctx.index();
    // The page only, in order: a broad word's other matches are counted, never ordered.
    const selection = selectDocs(index, query, rates, { from: offset, count: first });
    const { docs: page, search, total } = selection;
    // Counted now, when asked for: the matches are a view of the index's work space, which the next search reuses.
    const facets = selectsFacets(info) ? index.facets(selection.matched()) : undefined;
    // Cursors are signed only when a query asks for them (an HMAC each); why a product matched and
    // the facet counts, only when asked for too.
    const cursor = (position: number) => () => ctx.cursors.encode(position, shape);
    // The page's records only, in one read by document: no id to look up. The request's other
    // reads of the same products by id find them loaded.
    const items = await index.records(page);
    ctx.loaders.remember(items);
    const edges = page.map((doc, i) => ({
      cursor: cursor(offset + i),
      node: { item: found(items[i]), currency, languages } satisfies ProductRef,
      matchedBy: () => (search ? search.explain(doc) : []),
    }));
    return {
      edges,
      facets: () => facets ?? index.facets([]),
      totalCount: total,
      pageInfo: {
        hasNextPage: offset + page.length < total,
        endCursor: page.length ? cursor(offset + page.length - 1) : null,
        hasPreviousPage: offset > 0,
        startCursor: page.length ? cursor(offset) : null,
      },
    };
  },

  async product(_: unknown, args: { id: string; currency?: string | null; lang?: string | null }, ctx: GatewayContext) {
    const languages = ctx.languages(args.lang);
    const currency = args.currency ? requestCurrency(args.currency, ctx.rates()) : null;
    const item = await ctx.loaders.product.load(args.id);
    return item ? ({ item, currency, languages } satisfies ProductRef) : null;
  },

  /** Relay's refetch: a product by its id, in the request's language; null when there is none. */
  async node(_: unknown, args: { id: string }, ctx: GatewayContext) {
    const item = await ctx.loaders.product.load(args.id);
    return item ? ({ item, currency: null, languages: ctx.languages() } satisfies ProductRef) : null;
  },

  async nodes(_: unknown, args: { ids: string[] }, ctx: GatewayContext) {
    if (args.ids.length > MAX_NODES) throw gatewayError('BAD_USER_INPUT', `at most ${MAX_NODES} ids at once, not ${args.ids.length}`);
    const items = await ctx.loaders.product.loadMany(args.ids);
    const languages = ctx.languages();
    return items.map((item) => (item && !(item instanceof Error) ? ({ item, currency: null, languages } satisfies ProductRef) : null));
  },

  async economies(_: unknown, __: unknown, ctx: GatewayContext) {
    await ctx.index();
    const codes = [...new Set(ctx.federation.connectors().map((c) => c.economy))].sort();
    return codes.map((code) => ({ code, languages: ctx.languages() }));
  },

  async connectors(_: unknown, __: unknown, ctx: GatewayContext) {
    // Every connector tried at least once, without reporting them as errors: status says it.
    await ctx.federation.index();
    return ctx.federation.connectors();
  },

  categories(_: unknown, args: { lang?: string | null }, ctx: GatewayContext) {
    const languages = ctx.languages(args.lang);
    return CATEGORIES.map((c) => ({ code: c.code, languages }));
  },

  async compliance(_: unknown, args: { productId: string; destination: string; lang?: string | null }, ctx: GatewayContext) {
    const destination = complianceDestination(args.destination);
    const languages = ctx.languages(args.lang);
    const item = await ctx.loaders.product.load(args.productId);
    if (!item) throw gatewayError('NOT_FOUND', `no product ${args.productId}`);
    return evaluateCompliance(item.product, destination, isoDay(ctx.clock()), languages);
  },

  exchangeRates(_: unknown, args: { base?: string | null }, ctx: GatewayContext) {
    const table = ctx.rates();
    const base = requestCurrency(args.base ?? 'USD', table);
    return {
      base,
      asOf: table.asOf,
      source: table.source,
      rates: tableCurrencies(table)
        .filter((c) => c !== base)
        .map((to) => {
          const rate = crossRate(table, base, to)!;
          return { from: base, to, rate: ratioToString(rate.ratio), asOf: rate.asOf, source: rate.source };
        }),
    };
  },
};
