import type { CanonicalProduct } from '../../../schemas/product';
import type { RateTable } from '../../money/rates/table';
import { collatorFor, type ProductQuery } from '../catalogue/query';
import {
  globalStatistics,
  hitOrder,
  type MergedPage,
  mergePages,
  type ShardPage,
  type ShardStatistics,
  shardOf,
  statisticsTerms,
} from '../search/scatter-gather';
import { planQuery } from '../search/search-plan';
import type { IndexedProduct } from '../snapshot';
import { mergeRanks } from './rank-merge';
import type { QuarantinedRecord } from '../../../connectors/core/connector';
import type { GtinClaimant } from '../gtin-owners';
import type { GtinAdmitRequest, GtinConflict } from './shard-gtins';
import { ShardedGtinOwners } from './sharded-gtin-owners';
import { type ShardWalkOptions, type WalkedProduct, walkShards } from './shard-walk';
import {
  type ActivateRequest,
  type FinishedSlice,
  type FinishRequest,
  MAX_DUPLICATES_LISTED,
  type IdsRequest,
  type RankRequest,
  type SearchStatistics,
  type ShardScope,
  type ShardSearchRequest,
  type ShardWalkPage,
  type ShardWalkRequest,
  type StageRequest,
} from './catalogue-shard';

/** What the Worker calls on a shard (the Durable Object's RPC surface; `CatalogueShard` in tests). */
export interface ShardClient {
  stage(request: StageRequest): Promise<void>;
  /** Builds the slice; answers how many products it holds and the duplicate ids it dropped. */
  finish(request: FinishRequest): Promise<FinishedSlice>;
  /** A chunk of the finished slice's ids in ascending order, packed (`packIds`), for the rank merge. */
  ids(request: IdsRequest): Promise<string>;
  /** A chunk of the finished slice's ranks. */
  rank(request: RankRequest): Promise<void>;
  activate(request: ActivateRequest): Promise<void>;
  remove(connector: string): Promise<void>;
  /** Forgets a harvest's staged pages from `page` on (a resumed harvest stages them again). */
  rewind?(request: { connector: string; harvest: string; page: number }): Promise<void>;
  /** Forgets a harvest that will not finish: its staged pages, and its slice if built and not served. */
  abandon?(request: { connector: string; harvest: string }): Promise<void>;
  warm(request: ShardScope): Promise<void>;
  statistics(request: ShardScope & { terms: readonly string[]; lang: string }): Promise<ShardStatistics>;
  search(request: ShardSearchRequest): Promise<ShardPage>;
  documents(request: ShardScope & { ids: readonly string[]; remember?: boolean }): Promise<Array<IndexedProduct | null>>;
  walk(request: ShardWalkRequest): Promise<ShardWalkPage>;
  gtin(request: ShardScope & { gtin: string }): Promise<{ id: string; place: number } | null>;
  /** GTIN ownership by the GTIN's hash (`ShardedGtinOwners`); a shard without it leaves ownership to the Worker's isolate. */
  admitGtins?(request: GtinAdmitRequest): Promise<GtinConflict[]>;
  takeGtinNotices?(connector: string): Promise<QuarantinedRecord[]>;
}

/** A merged page of a sharded search, with its records read from the shards that hold them. */
export interface ShardedPage extends MergedPage {
  items: IndexedProduct[];
}

export interface ShardedCatalogueOptions {
  shards: readonly ShardClient[];
  /** Every connector of the federation: a product's place in the default order counts them, in name order. */
  connectors: () => readonly string[];
  /** Products a harvest buffers (over all shards) before sending them on, whatever the connector's pages. @default 500 */
  pageProducts?: number;
}

/**
 * The Worker's side of the partitioned catalogue (docs/decisions/0030-edge-partitioning.md): it
 * holds no index. A harvest sends each page's products to the shards they hash to; a search asks
 * every shard for its statistics (when the query needs them), then for a page after its position,
 * and merges the pages into one index's (`mergePages`); a page's records are read from the shards
 * that hold them, one call per shard.
 */
export class ShardedCatalogue {
  private readonly shards: readonly ShardClient[];
  private readonly connectors: () => readonly string[];
  private readonly pageProducts: number;
  /** Who owns each GTIN, kept by the shards (undefined when a shard cannot: ownership stays in the isolate). */
  readonly gtins?: ShardedGtinOwners;

  constructor(options: ShardedCatalogueOptions) {
    if (options.shards.length < 1) throw new RangeError('a sharded catalogue has at least one shard');
    this.shards = options.shards;
    const { shards } = options;
    if (shards.every((shard) => shard.admitGtins && shard.takeGtinNotices))
      this.gtins = new ShardedGtinOwners({
        shards: shards.map((shard) => ({ admitGtins: (request) => shard.admitGtins!(request), takeGtinNotices: (c) => shard.takeGtinNotices!(c) })),
      });
    this.connectors = options.connectors;
    this.pageProducts = options.pageProducts ?? 500;
  }

  /** How many shards hold the catalogue: a cursor carries a position for each. */
  get count(): number {
    return this.shards.length;
  }

  /**
   * A harvest of `connector` into the shards: `add` each product, `pace` between pages, then
   * `finish`. `harvest`: its id (a resumed harvest's, else a new one); `page`: the first staged
   * page's number, for a harvest resumed under its id; `gtins`: each page's GTINs are admitted by
   * the shards (`gtins`) for `claimant` before it is staged, a product whose GTIN another economy
   * owns handed to `onConflict` and not staged. @default page 0
   */
  harvest(
    connector: string,
    options: { harvest?: string; page?: number; gtins?: { claimant: GtinClaimant; onConflict: (conflict: QuarantinedRecord) => void } } = {},
  ): ShardHarvest {
    const { harvest = crypto.randomUUID(), page = 0, gtins } = options;
    const owners = this.gtins;
    const admission = owners &&
      gtins && { admit: (products: readonly CanonicalProduct[]) => owners.admitAll(gtins.claimant, products), onConflict: gtins.onConflict };
    return new ShardHarvest({
      shards: this.shards,
      connector,
      harvest,
      page,
      pageProducts: this.pageProducts,
      warm: () => this.warm(),
      ...(admission && { admission }),
    });
  }

  /** The shards as a resumed harvest sees them (`harvest-resumption.ts`); undefined when a shard cannot rewind. */
  get resumable():
    | {
        rewind(request: { connector: string; harvest: string; page: number }): Promise<void>;
        abandon(request: { connector: string; harvest: string }): Promise<void>;
      }
    | undefined {
    const { shards } = this;
    if (!shards.every((shard) => shard.rewind && shard.abandon)) return undefined;
    return {
      rewind: async (request) => void (await Promise.all(shards.map((shard) => shard.rewind!(request)))),
      abandon: async (request) => void (await Promise.all(shards.map((shard) => shard.abandon!(request)))),
    };
  }

  /**
   * Has every shard read its slices and built its index for the connectors now, all at once: the
   * first search after a harvest, a restart or an eviction then waits for none of it.
   */
  async warm(): Promise<void> {
    const scope = this.scope();
    await Promise.all(this.shards.map((shard) => shard.warm(scope)));
  }

  /** Forgets a connector on every shard. */
  async remove(connector: string): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.remove(connector)));
  }

  /**
   * The page of `first` matches after `positions` (every shard's, from a cursor; zeros for the
   * first page), as one index over the whole catalogue gives it, with its records.
   */
  async search(query: ProductQuery, rates: RateTable, options: { first: number; positions?: readonly number[]; facets: boolean }): Promise<ShardedPage> {
    const scope = this.scope();
    const positions = options.positions ?? this.shards.map(() => 0);
    const statistics = await this.statistics(query, scope);
    const pages = await Promise.all(
      this.shards.map((shard, s) =>
        shard.search({ ...scope, query, rates, ...(statistics && { statistics }), position: positions[s]!, first: options.first, facets: options.facets }),
      ),
    );
    const order = hitOrder(query.sort, query.sort === 'NAME_ASC' ? collatorFor(query.lang) : undefined);
    // A cursor made before the catalogue changed may point past a shard's matches now: that shard has none left.
    const at = positions.map((position, s) => Math.min(position, pages[s]!.total));
    const merged = mergePages(pages, { first: options.first, positions: at, order });
    const byShard = new Map<number, number[]>();
    merged.hits.forEach((hit, i) => {
      byShard.set(hit.shard, [...(byShard.get(hit.shard) ?? []), i]);
    });
    const items: IndexedProduct[] = new Array(merged.hits.length);
    await Promise.all(
      [...byShard].map(async ([s, asked]) => {
        const found = await this.shards[s]!.documents({ ...scope, ids: asked.map((i) => merged.hits[i]!.id) });
        asked.forEach((i, k) => {
          if (!found[k]) throw new Error(`shard ${s} has no record of ${merged.hits[i]!.id}`);
          items[i] = found[k];
        });
      }),
    );
    return { ...merged, items };
  }

  /**
   * The catalogue's products (one connector's, one economy's) in its default order, merged from
   * every shard a page at a time (`walkShards`): what a change recording, an export, a feed and the
   * sitemap read, holding a page or so per shard.
   */
  walk(options: Omit<ShardWalkOptions, 'shards' | 'scope'> = {}): AsyncGenerator<WalkedProduct[]> {
    return walkShards({ ...options, shards: this.shards, scope: this.scope() });
  }

  /** The id of the product that carries a GTIN-14, asked of every shard at once: of several, the earliest in the default order. */
  async byGtin(gtin: string): Promise<string | undefined> {
    const scope = this.scope();
    const found = await Promise.all(this.shards.map((shard) => shard.gtin({ ...scope, gtin })));
    let best: { id: string; place: number } | null = null;
    for (const hit of found) if (hit && (!best || hit.place < best.place)) best = hit;
    return best?.id;
  }

  /**
   * Products by id, in the order asked (null for an unknown id): one call per shard holding some of
   * them. `remember: false` leaves the shards' record caches as they were (a change recording's
   * reads). @default remember true
   */
  async lookup(ids: readonly string[], { remember = true }: { remember?: boolean } = {}): Promise<Array<IndexedProduct | null>> {
    const scope = this.scope();
    const byShard = new Map<number, number[]>();
    ids.forEach((id, i) => {
      const s = shardOf(id, this.shards.length);
      byShard.set(s, [...(byShard.get(s) ?? []), i]);
    });
    const found: Array<IndexedProduct | null> = ids.map(() => null);
    await Promise.all(
      [...byShard].map(async ([s, asked]) => {
        const items = await this.shards[s]!.documents({ ...scope, ids: asked.map((i) => ids[i]!), ...(!remember && { remember }) });
        asked.forEach((i, k) => {
          found[i] = items[k] ?? null;
        });
      }),
    );
    return found;
  }

  private scope(): ShardScope {
    return { connectors: [...this.connectors()].sort() };
  }

  /** The whole catalogue's statistics of the query's terms, when its search or its name order needs them. */
  private async statistics(query: ProductQuery, scope: ShardScope): Promise<SearchStatistics | undefined> {
    const plan = query.text ? planQuery(query.text) : undefined;
    if (!plan && !(query.sort === 'NAME_ASC' && query.lang.includes('-'))) return undefined;
    const terms = plan ? statisticsTerms(plan) : [];
    const all = await Promise.all(this.shards.map((shard) => shard.statistics({ ...scope, terms, lang: query.lang })));
    const whole = globalStatistics(all);
    return { frequencies: Object.fromEntries(terms.map((term) => [term, whole.frequency(term)])), namedInLanguage: whole.namedInLanguage };
  }
}

/** What a connector's harvest into the shards is given (`ShardedCatalogue.harvest`). */
export interface ShardHarvestOptions {
  shards: readonly ShardClient[];
  connector: string;
  harvest: string;
  /** The first staged page's number (a resumed harvest's next). @default 0 */
  page?: number;
  pageProducts: number;
  /** Has every shard build its index over the slices served (`ShardedCatalogue.warm`); none when not given. */
  warm?: () => Promise<void>;
  /** Admits each page's products (GTIN ownership, `ShardedGtinOwners`) before it is staged: a conflict's product is not staged. */
  admission?: {
    admit(products: readonly CanonicalProduct[]): Promise<Array<QuarantinedRecord | undefined>>;
    onConflict(conflict: QuarantinedRecord): void;
  };
}

/**
 * One connector's harvest into the shards: products are buffered per shard and sent as a page
 * (one call per shard with products in it) at each `pace` or every `pageProducts` products, so
 * the Worker holds at most a page or two. `finish` has each shard build its slice, one shard at a
 * time (shards of one script may share an isolate), ranks the connector's ids over every shard
 * (`mergeRanks`: their ids read and their ranks written back in chunks), activates the slices and
 * has the shards build their indexes over them (`warm`).
 */
export class ShardHarvest {
  private buffers: CanonicalProduct[][];
  private buffered = 0;
  /** The page's products in the order they came, when a page is admitted before it is staged (its conflicts listed in that order). */
  private arrivals: CanonicalProduct[] = [];
  private page = 0;
  private sending: Promise<void> = Promise.resolve();
  private failed?: unknown;
  private readonly options: ShardHarvestOptions;
  private readonly dropped = { count: 0, localIds: [] as string[] };

  constructor(options: ShardHarvestOptions) {
    this.options = options;
    this.page = options.page ?? 0;
    this.buffers = options.shards.map(() => []);
  }

  /** The next staged page's number: after `pace`, every page before it is with the shards (a checkpoint keeps it). */
  get nextPage(): number {
    return this.page;
  }

  /** Takes the next product; a full page is sent on in the background (`pace` waits for it). */
  add(product: CanonicalProduct): void {
    this.buffers[shardOf(product.id, this.options.shards.length)]!.push(product);
    if (this.options.admission) this.arrivals.push(product);
    // A failure is kept and thrown by the next `pace` or `finish`.
    if (++this.buffered >= this.options.pageProducts) this.flush().catch(() => undefined);
  }

  /** Sends what is buffered and waits until the shards have it: called between a connector's pages. */
  async pace(): Promise<void> {
    await this.flush();
  }

  /**
   * The later copies of a local id the shards dropped at `finish` (every copy of an id reaches one
   * shard): how many, and the first MAX_DUPLICATES_LISTED local ids. The harvest quarantines them.
   */
  get duplicates(): { count: number; localIds: readonly string[] } {
    return this.dropped;
  }

  /** Builds and activates every shard's slice of the connector; answers how many products the connector has in all. */
  async finish(fetchedAt: string): Promise<number> {
    await this.flush();
    const { shards, connector, harvest } = this.options;
    const counts: number[] = [];
    for (const shard of shards) {
      const finished = await shard.finish({ connector, harvest, fetchedAt });
      counts.push(finished.size);
      this.dropped.count += finished.duplicates;
      for (const id of finished.duplicateIds) if (this.dropped.localIds.length < MAX_DUPLICATES_LISTED) this.dropped.localIds.push(id);
    }
    const ranked = await mergeRanks({
      sources: shards.map((shard, s) => ({
        count: counts[s]!,
        read: (after, count) => shard.ids({ connector, harvest, after, count }),
        write: (offset, ranks) => shard.rank({ connector, harvest, offset, ranks }),
      })),
    });
    await Promise.all(shards.map((shard) => shard.activate({ connector, harvest, fetchedAt })));
    // The shards' indexes over the new slice, built now rather than in the next search. The slices
    // are served already: a failure here only leaves that to the next search, which reports its own.
    await this.options.warm?.().catch(() => undefined);
    return ranked;
  }

  private flush(): Promise<void> {
    if (this.buffered > 0) {
      const buffers = this.buffers;
      const arrivals = this.arrivals;
      this.arrivals = [];
      const page = this.page++;
      this.buffers = this.options.shards.map(() => []);
      this.buffered = 0;
      const { shards, connector, harvest } = this.options;
      this.sending = this.sending.then(() =>
        this.admitted(buffers, arrivals)
          .then((kept) => Promise.all(kept.map((products, s) => (products.length ? shards[s]!.stage({ connector, harvest, page, products }) : undefined))))
          .then(
            () => undefined,
            (error) => {
              this.failed ??= error;
            },
          ),
      );
    }
    return this.sending.then(() => {
      if (this.failed) throw this.failed;
    });
  }

  /** A page's products per shard, less those the admission quarantines (pages are admitted in order, one at a time). */
  private async admitted(buffers: CanonicalProduct[][], arrivals: readonly CanonicalProduct[]): Promise<CanonicalProduct[][]> {
    const { admission } = this.options;
    if (!admission) return buffers;
    const issues = await admission.admit(arrivals);
    if (!issues.some(Boolean)) return buffers;
    const refused = new Set<CanonicalProduct>();
    issues.forEach((issue, i) => {
      if (issue) refused.add(arrivals[i]!), admission.onConflict(issue);
    });
    return buffers.map((products) => products.filter((product) => !refused.has(product)));
  }
}
