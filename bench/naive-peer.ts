import { serve } from '@hono/node-server';
import { createSchema, createYoga } from 'graphql-yoga';
import { createBuiltinConnectors } from '../connectors/builtin';
import type { CanonicalProduct } from '../schemas/product';
import { typeDefs } from '../schemas/graphql/type-defs';

/**
 * The peer "a team would build in a day": the same schema, plain graphql-yoga resolvers that fetch
 * every national catalogue upstream on each request: no index, no cache, no batching.
 * `tsx bench/naive-peer.ts <port> <upstreams-url>`.
 */
const [port, upstreams] = process.argv.slice(2);
const connectors = createBuiltinConnectors(upstreams!);
const transport = (url: string, init?: RequestInit) => fetch(url, init);

const fetchAll = async (): Promise<CanonicalProduct[]> =>
  (
    await Promise.all(
      connectors.map((c) =>
        c.harvest({ transport }).then(
          (h) => h.products,
          () => [],
        ),
      ),
    )
  ).flat();

const text = (map: Record<string, string> | undefined, lang: string) =>
  map ? { value: map[lang] ?? Object.values(map)[0]!, lang: map[lang] ? lang : Object.keys(map)[0]!, fallback: !map[lang] } : null;

const yoga = createYoga({
  logging: false,
  schema: createSchema({
    typeDefs,
    resolvers: {
      Query: {
        products: async (_: unknown, args: { first?: number; filter?: { text?: string }; lang?: string }) => {
          const needle = args.filter?.text?.toLowerCase();
          const all = (await fetchAll()).filter((p) => !needle || JSON.stringify(p).toLowerCase().includes(needle));
          const page = all.slice(0, args.first ?? 20);
          return {
            totalCount: all.length,
            pageInfo: { hasNextPage: all.length > page.length, endCursor: null },
            edges: page.map((p) => ({ cursor: p.id, node: { ...p, lang: args.lang ?? 'en' } })),
          };
        },
      },
      Product: {
        name: (p: CanonicalProduct & { lang: string }) => text(p.name, p.lang),
        category: (p: CanonicalProduct) => (p.category ? { code: p.category, label: p.category } : null),
        price: (p: CanonicalProduct) => p.price && { ...p.price, formatted: `${p.price.amount} ${p.price.currency}` },
        origin: (p: CanonicalProduct) => p.origin,
      },
    },
  }),
});
serve({ fetch: yoga.fetch, port: Number(port), hostname: '127.0.0.1' });
