/**
 * The sharded search's work, phase by phase, in one Node thread (issue 30): what `wrangler dev`
 * runs on its one thread for the gateway and every shard, without its proxy and RPC.
 * `node --import tsx bench/shard-search-phases.ts`, BENCH_PHASES_PRODUCTS (default 250000),
 * BENCH_PHASES_SHARDS (default 10).
 *
 * Harvests the six synthetic economies into N `CatalogueShard`s over rows in memory, through the
 * federation's own code; then, as after a restart, new shards over the same rows: each one's load
 * (`warm`) timed one after another, as `wrangler dev` runs them; then the bench's 60 varied
 * searches (long-tail portal queries, every text new first), each call to a shard timed by kind
 * (statistics, search, documents). Prints the loads and each phase's p50, p99 and largest.
 */
import { createDeclarativeConnector } from '../connectors/declarative';
import { Federation } from '../gateway/federation/federation';
import type { ProductQuery } from '../gateway/federation/catalogue/query';
import { CatalogueShard } from '../gateway/federation/shards/catalogue-shard';
import { type ShardClient, ShardedCatalogue } from '../gateway/federation/shards/sharded-catalogue';
import { MemoryShardStorage } from '../gateway/federation/shards/shard-storage';
import { BUNDLED_RATES } from '../gateway/money/rates/bundled';
import { Manifest } from '../schemas/manifest';
import type { BlockCodec } from '../gateway/federation/storage/document-blocks';
import { nodeBlockCodec } from '../gateway/runtime/node/block-codec';
import { freePort, startService } from './lib/processes';
import { longTailBodies } from './lib/queries';
import { SYNTHETIC_ECONOMIES, syntheticManifest } from './synthetic/generate';

const PRODUCTS = Number(process.env.BENCH_PHASES_PRODUCTS ?? 250_000);
const SHARDS = Number(process.env.BENCH_PHASES_SHARDS ?? 10);
const SEARCHES = 60;
/** BENCH_PHASES_CODEC: how the shards compress their document blocks: `web` (Compression Streams, as on Workers, the default), `node` (node:zlib), `none`. */
const CODEC = process.env.BENCH_PHASES_CODEC ?? 'web';
const codec: BlockCodec | undefined = CODEC === 'node' ? nodeBlockCodec : CODEC === 'none' ? { deflate: (b) => b, inflate: (b) => b } : undefined;

/** Each kind of shard call's span during the current search: from its first call's start to its last call's end (the calls of a phase run together). */
const spans = new Map<string, { from: number; to: number }>();
const spent = {
  clear: () => spans.clear(),
  get: (kind: string) => {
    const span = spans.get(kind);
    return span && span.to - span.from;
  },
  entries: () => [...spans.keys()].map((kind) => [kind, spent.get(kind)!] as const),
};
/** A shard client that widens its kind's span in `spans` with each call. */
function timed(shard: ShardClient): ShardClient {
  const wrap =
    <A, R>(kind: string, call: (a: A) => Promise<R>) =>
    async (a: A): Promise<R> => {
      const started = performance.now();
      try {
        return await call(a);
      } finally {
        const span = spans.get(kind);
        spans.set(kind, { from: Math.min(span?.from ?? started, started), to: performance.now() });
      }
    };
  return {
    stage: (r) => shard.stage(r),
    finish: (r) => shard.finish(r),
    ids: (r) => shard.ids(r),
    rank: (r) => shard.rank(r),
    activate: (r) => shard.activate(r),
    remove: (c) => shard.remove(c),
    warm: wrap('warm', (r) => shard.warm(r)),
    statistics: wrap('statistics', (r) => shard.statistics(r)),
    search: wrap('search', (r) => shard.search(r)),
    documents: wrap('documents', (r) => shard.documents(r)),
    walk: (r) => shard.walk(r),
    gtin: (r) => shard.gtin(r),
  };
}

/** The bench's varied searches (bench/edge.ts): every text new first, then the long tail's order. */
function variedQueries(count: number): Array<{ query: ProductQuery; first: number }> {
  const all = longTailBodies().map((body) => (JSON.parse(body) as { variables: { text?: string; lang: string; currency: string; first: number } }).variables);
  const texts = new Set<unknown>();
  const fresh = all.filter((v) => v.text !== undefined && !texts.has(v.text) && !!texts.add(v.text));
  return [...fresh, ...all.filter((v) => !fresh.includes(v))]
    .slice(0, count)
    .map((v) => ({ query: { text: v.text, lang: v.lang, currency: v.currency, sort: 'RELEVANCE' }, first: v.first }));
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const ms = (v: number) => Math.round(v * 10) / 10;

const port = await freePort();
const upstream = await startService('bench/synthetic/upstream.ts', [String(port), String(PRODUCTS)], {}, `http://127.0.0.1:${port}`);
try {
  const storages = Array.from({ length: SHARDS }, () => new MemoryShardStorage());
  const federation = new Federation({
    connectors: [],
    transportFor: () => (url, init) => fetch(url, init),
    shards: storages.map((storage) => new CatalogueShard({ storage, codec })),
  });
  const harvestStarted = performance.now();
  await Promise.all(
    SYNTHETIC_ECONOMIES.map(async (_, i) => {
      const manifest = Manifest.parse(syntheticManifest(i, upstream.url));
      federation.add(createDeclarativeConnector(manifest));
      await federation.refresh(manifest.id);
    }),
  );
  const connectors = federation
    .connectors()
    .map((c) => c.id)
    .sort();
  const served = federation.connectors().reduce((sum, c) => sum + c.productCount, 0);
  console.error(`harvested ${served} products in ${SHARDS} shards in ${ms(performance.now() - harvestStarted)} ms`);

  // BENCH_PHASES_PASSES=2: all of it again on new shards over the same rows, the code compiled by the first pass.
  for (let pass = 1; pass <= Number(process.env.BENCH_PHASES_PASSES ?? 1); pass++) {
    // A restart: new shards over the same rows, loaded one after another.
    const shards = storages.map((storage) => timed(new CatalogueShard({ storage, codec })));
    const loads: number[] = [];
    for (const shard of shards) {
      const started = performance.now();
      await shard.warm({ connectors });
      loads.push(ms(performance.now() - started));
    }
    const sharded = new ShardedCatalogue({ shards, connectors: () => connectors });
    const phases = new Map<string, number[]>();
    const totals: number[] = [];
    for (const { query, first } of variedQueries(SEARCHES)) {
      spent.clear();
      const started = performance.now();
      await sharded.search(query, BUNDLED_RATES, { first, facets: false });
      totals.push(performance.now() - started);
      for (const kind of ['statistics', 'search', 'documents']) phases.set(kind, [...(phases.get(kind) ?? []), spent.get(kind) ?? 0]);
      if (process.env.BENCH_PHASES_EACH === '1')
        console.error(JSON.stringify({ text: query.text, first, ms: ms(totals.at(-1)!), ...Object.fromEntries(spent.entries().map(([k, v]) => [k, ms(v)])) }));
    }
    const summary = (values: number[]) => ({ p50: ms(percentile(values, 50)), p99: ms(percentile(values, 99)), max: ms(Math.max(...values)) });
    console.log(
      JSON.stringify({
        products: served,
        codec: CODEC,
        shards: SHARDS,
        loadsMs: loads,
        loadsSumMs: ms(loads.reduce((a, b) => a + b, 0)),
        totalMs: summary(totals),
        ...Object.fromEntries([...phases].map(([kind, values]) => [`${kind}Ms`, summary(values)])),
        pass,
      }),
    );
  }
} finally {
  await upstream.stop();
}
