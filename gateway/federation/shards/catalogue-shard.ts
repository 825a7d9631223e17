import type { CanonicalProduct } from '../../../schemas/product';
import { SourceDigests, SourceDigestsBuilder } from '../../changes/source-digests';
import type { RateTable } from '../../money/rates/table';
import { CatalogueIndex } from '../catalogue/catalogue-index';
import { docByGtin, gtinTableBytes } from '../catalogue/gtin-table';
import { type ProductQuery, type SelectionLimits, selectKeyed } from '../catalogue/query';
import { CatalogueBuilder } from '../catalogue/snapshot-catalogue';
import { defaultPlace, globalStatistics, nameLanguage, type ShardHit, type ShardPage, type ShardStatistics, shardStatistics } from '../search/scatter-gather';
import type { IndexedProduct, Snapshot } from '../snapshot';
import { columnsDropped, dropMergedColumns, encodeCatalogue, readCatalogue, restoreMergedColumns } from '../storage/catalogue-codec';
import type { BlockCodec, MemoryBlocks } from '../storage/document-blocks';
import { storeBlocks } from '../storage/stored-blocks';
import { getLarge, putLarge, type ShardStorage, shardCacheStore } from './shard-storage';
import { PackedStringSet } from '../../../connectors/core/packed-string-set';
import { packIds } from './packed-ids';
import { SliceCache } from './slice-cache';
import { isolateShardMemory, type ShardMemory, type ShardMemoryMember } from './shard-memory';
import { type BuildGate, type BuildTurn, isolateBuilds } from './build-gate';
import { type GtinAdmitRequest, type GtinConflict, ShardGtins } from './shard-gtins';
import type { QuarantinedRecord } from '../../../connectors/core/connector';

/** What a shard is told of the whole catalogue with every read: the connectors, in name order (a product's place counts them). */
export interface ShardScope {
  connectors: readonly string[];
}

/** One page of a connector's harvest, the products of it that hash to this shard. */
export interface StageRequest {
  connector: string;
  /** The harvest's id: its rows are kept apart from the slice served until it is activated. */
  harvest: string;
  page: number;
  products: readonly CanonicalProduct[];
}

/** The end of a connector's harvest on this shard. */
export interface FinishRequest {
  connector: string;
  harvest: string;
  fetchedAt: string;
}

/** Local ids a shard's `finish` names of the duplicates it dropped (it counts them all). */
export const MAX_DUPLICATES_LISTED = 100;

/** A finished slice: how many products it holds, and the later copies of a local id it dropped (the harvest quarantines them). */
export interface FinishedSlice {
  size: number;
  duplicates: number;
  /** The first MAX_DUPLICATES_LISTED duplicates' local ids, in the order they came. */
  duplicateIds: string[];
}

/** A chunk of a finished slice's sorted ids, for the Worker's rank merge (`mergeRanks`). */
export interface IdsRequest {
  connector: string;
  harvest: string;
  /** How many of the slice's ids (in ascending order) the chunk starts after. */
  after: number;
  count: number;
}

/** A chunk of the ranks of a finished slice's ids in the whole connector, from position `offset` of its ids on. */
export interface RankRequest {
  connector: string;
  harvest: string;
  offset: number;
  ranks: Int32Array;
}

/** The end of a connector's harvest on this shard, once every chunk of its ranks is in (`rank`); `ranks` whole, instead, in one call. */
export interface ActivateRequest {
  connector: string;
  harvest: string;
  fetchedAt: string;
  ranks?: Int32Array;
}

/** The whole catalogue's statistics, as the Worker summed them, sent back with a search. */
export interface SearchStatistics {
  frequencies: Record<string, number>;
  namedInLanguage: boolean;
}

export interface ShardSearchRequest extends ShardScope {
  query: ProductQuery;
  rates: RateTable;
  /** From the statistics phase; absent when the query needs none (no text, no NAME_ASC in a regional tag). */
  statistics?: SearchStatistics;
  /** How many of this shard's matches the merged pages before took. */
  position: number;
  first: number;
  /** Whether to count facets over every match (only when the query asks for them). */
  facets: boolean;
}

/** A page of a walk over a shard's products in the whole catalogue's default order (`CatalogueShard.walk`). */
export interface ShardWalkRequest extends ShardScope {
  /** Only this connector's products; every connector's when absent. */
  connector?: string;
  /** Only this economy's products (ISO 3166-1 alpha-2, upper case); every economy's when absent. */
  economy?: string;
  /**
   * The page starts after this place in the default order: the `next` of the page before, -1 for
   * the first. A place, not a position: a shard whose index was built again meanwhile (another
   * connector's harvest) goes on from the same product.
   */
  after: number;
  /** Products a page at most (at most MAX_WALK_PAGE). */
  count: number;
  /** Whether the page carries each product's record too (read without filling the shard's record cache). */
  records?: boolean;
}

/** One page of a shard's walk: its products' ids, places and source digests, in place order. */
export interface ShardWalkPage {
  ids: string[];
  /** Each product's place in the whole catalogue's default order (`defaultPlace`): ascending. */
  places: number[];
  /** Each product's `sourceDigest` of its JSON as harvested ('' for a slice stored before the shards kept them). */
  sources: string[];
  /** The records, when asked for. */
  products?: IndexedProduct[];
  /** The `after` of the next page (the place of the last product looked at); null when this page ends the walk. */
  next: number | null;
  /**
   * The harvests whose slices the page read, of the connectors walked (`connector=harvest`, by
   * connector): a walk whose later page on the same shard names others crossed an activation, and
   * its places moved under it (`walkShards` then fails rather than skip products).
   */
  served?: string;
}

/** The most products a walk's page gives, and the most documents one call looks at (a filter that few match still answers soon). */
export const MAX_WALK_PAGE = 1000;
const MAX_WALK_SCAN = 65_536;

/** What a shard holds of one connector, as stored: the harvest it serves and its facts. */
interface SliceMeta {
  harvest: string;
  fetchedAt: string;
  size: number;
}

/** One connector's slice, loaded: its snapshot (documents in storage) and each product's rank in the connector's whole id order. */
interface Slice {
  meta: SliceMeta;
  snapshot: Snapshot;
  ranks: Int32Array;
  bytes: number;
}

const staged = (connector: string, harvest: string) => `stage:${connector}:${harvest}:`;
const snapshotKey = (connector: string, harvest: string) => `snap:${connector}:${harvest}`;
/**
 * Where a slice's document pages are: unique to this shard's slice, since the pages read are cached
 * in the isolate under their key (stored-blocks.ts), and the shards of one script may share it.
 */
const documentsKey = (connector: string, harvest: string) => `${documentsPrefix(connector, harvest)}${crypto.randomUUID()}`;
/** What every document page of a harvest's slice starts with, whatever its unique part. */
const documentsPrefix = (connector: string, harvest: string) => `docs:${connector}:${harvest}:`;
const ranksKey = (connector: string, harvest: string) => `ranks:${connector}:${harvest}`;
/** A finished slice's ids in ascending order, packed (`packIds`): what the rank merge reads in chunks until it is activated. */
const idsKey = (connector: string, harvest: string) => `ids:${connector}:${harvest}`;
/** What `finish` answered for a slice (`FinishedSlice`), until it is activated: a resumed harvest may ask again. */
const finishedKey = (connector: string, harvest: string) => `finished:${connector}:${harvest}`;
/** The chunks of a finished slice's ranks, by offset, until it is activated. */
const rankPartsPrefix = (connector: string, harvest: string) => `rankpart:${connector}:${harvest}:`;
/** Each product's source digest, by place in the slice's blocks (`SourceDigests`, 8 bytes a product). */
const sourcesKey = (connector: string, harvest: string) => `sources:${connector}:${harvest}`;
const metaKey = (connector: string) => `meta:${connector}`;
/**
 * Document blocks (16 products each) a shard stores a row: one. A search reads its page's records,
 * a block each, scattered over the slice; 64-block pages (KV's) made it read some 100 KB of SQLite
 * and copy it into the isolate for each record, a quarter of the shards' work in a search.
 */
const SHARD_PAGE_BLOCKS = 1;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const parse = <T>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;

/**
 * One shard of a partitioned catalogue (docs/decisions/0030-edge-partitioning.md): the products of
 * every connector whose id hashes to it (`shardOf`), as one snapshot per connector in its own
 * storage. Runtime-neutral: the Durable Object `CatalogueShardObject` wraps it over SQLite.
 *
 * A harvest stages each page's products as rows, then `finish` builds the connector's slice from
 * them (one product at a time) and stores it: the snapshot's binary form and its document pages,
 * in rows of at most 2 MB. `activate` gives the ranks of the slice's ids in the whole connector and
 * serves it. Slices are read lazily, on the first read after a start, and the index over them is
 * numbered by each product's place in the whole catalogue's default order, so that its pages merge
 * into one index's.
 */
export class CatalogueShard {
  private readonly storage: ShardStorage;
  private readonly codec?: BlockCodec;
  /** The slices held in memory, bounded by bytes (`SliceCache`). */
  private readonly slices: SliceCache<Slice>;
  private built?: { key: string; index: Promise<CatalogueIndex>; connectors: readonly string[]; ready?: CatalogueIndex; slices?: readonly Slice[] };
  /**
   * The index replaced by a harvest's activation (or a removal) until the next is built: it holds the
   * columns its slices let go, which the next index takes back from it (`columnsOf`) instead of
   * reading those slices again. Not counted: between an activation and the warm-up that follows it.
   */
  private previous?: CatalogueIndex;
  /** This shard's share of its isolate's budget over every shard's slices and index (`ShardMemory`). */
  private readonly memory: ShardMemory;
  private readonly member: ShardMemoryMember;
  /** What the isolate's budget tells to let go; held here, since the budget holds it weakly (a shard gone is forgotten). */
  private readonly holder = { release: () => this.release() };
  /** Whose turn it is to build a slice in this isolate (`BuildGate`). */
  private readonly builds: BuildGate;
  private readonly limits?: SelectionLimits;
  /** The finished slice whose ids the rank merge reads, with where the last chunk ended (its reads come in order). */
  private finished?: { key: string; list: string; position: number; at: number };
  /** The GTINs this shard owns by hash, and their owners, in its rows (`ShardGtins`). */
  private readonly gtins: ShardGtins;
  /** Each index built, the harvest of each connector's slice it was built over (what a walk's page says it read). */
  private readonly harvestsOf = new WeakMap<CatalogueIndex, ReadonlyMap<string, string>>();

  /**
   * `budgetBytes`: what the shard's slices may hold in memory beyond those a call reads
   * (`SliceCache`). `memory`: the budget over every shard of the isolate, slices and indexes, that
   * lets the least recently used go (`ShardMemory`; tests give their own). `limits`: how far a
   * search's matches are ordered whole (tests page small slices with low ones). `builds`: whose turn
   * it is to build a slice in the isolate (`BuildGate`; tests give their own).
   * @default budgetBytes SLICE_BUDGET_BYTES; memory isolateShardMemory (ISOLATE_SHARD_BYTES); builds isolateBuilds (one at a time); limits SELECTION_LIMITS
   */
  constructor(options: {
    storage: ShardStorage;
    codec?: BlockCodec;
    budgetBytes?: number;
    memory?: ShardMemory;
    builds?: BuildGate;
    limits?: SelectionLimits;
  }) {
    this.storage = options.storage;
    this.builds = options.builds ?? isolateBuilds;
    this.memory = options.memory ?? isolateShardMemory;
    this.member = this.memory.join(this.holder);
    this.codec = options.codec;
    this.limits = options.limits;
    this.gtins = new ShardGtins(options.storage);
    this.slices = new SliceCache({
      load: (connector) => this.read(connector),
      sizeOf: (slice) => slice.bytes,
      budgetBytes: options.budgetBytes,
      // An index over a slice let go would hold it still: it goes too.
      evicted: (connector) => {
        if (this.built?.connectors.includes(connector)) this.built = undefined;
      },
    });
  }

  /** Keeps one page's products of a harvest under way (a row of at most a page: the shard holds nothing of it in memory). */
  async stage(request: StageRequest): Promise<void> {
    if (!request.products.length) return;
    const key = `${staged(request.connector, request.harvest)}${String(request.page).padStart(8, '0')}`;
    await putLarge(this.storage, key, json(request.products));
  }

  /**
   * Builds the connector's slice from the harvest's staged pages, in page order, and stores it
   * beside the slice served, with its ids in ascending order (read in chunks by the Worker's rank
   * merge, `ids`). A product id's later copies are dropped: every copy of an id reaches this shard
   * (`shardOf`), so the first to come is served, as a harvest in one isolate keeps the first of a
   * local id; the Worker keeps no set of ids (issue 30). Answers the slice's size and the duplicates.
   */
  async finish(request: FinishRequest): Promise<FinishedSlice> {
    const { connector, harvest } = request;
    // One build at a time in the isolate: six connectors' harvests end together, on every shard of it. The turn
    // comes first: a build of the same slice still under way (an invocation that ended while it finished) is
    // done by then, its staged pages deleted, and its slice is the answer.
    const turn = await this.builds.enter();
    try {
      const pages = (await this.storage.keys(staged(connector, harvest))).filter((key) => !key.includes('#'));
      // Asked again (a resumed harvest whose invocation ended while the shards finished): the slice built then.
      const built = pages.length ? undefined : await this.finishedBefore(connector, harvest);
      if (built) return built;
      return await this.build(request, pages, turn);
    } finally {
      turn.leave();
    }
  }

  /** Builds a slice from its staged pages (see `finish`), renewing the build's turn after each page. */
  private async build(request: FinishRequest, pages: readonly string[], turn: BuildTurn): Promise<FinishedSlice> {
    const { connector, harvest } = request;
    // Each product's digest as its document is encoded: a change recording compares it with the log's without reading the product.
    const digests = new SourceDigestsBuilder();
    const builder = new CatalogueBuilder({ codec: this.codec, onDocument: (json) => digests.add(json) });
    // Every copy of an id reaches this shard, on both sides of a resumption too (the Worker no longer knew the first then).
    const seen = new PackedStringSet();
    const finished: FinishedSlice = { size: 0, duplicates: 0, duplicateIds: [] };
    for (const key of pages) {
      const bytes = await getLarge(this.storage, key);
      if (!bytes) throw new Error(`staged page ${key} is missing`);
      for (const product of parse<CanonicalProduct[]>(bytes)) {
        if (seen.has(product.id)) {
          if (finished.duplicates++ < MAX_DUPLICATES_LISTED) finished.duplicateIds.push(product.localId);
          continue;
        }
        seen.add(product.id);
        builder.add(product);
      }
      await builder.drained();
      // A page at a time, then the event loop: storage calls resolve at once, and a slice's build in
      // one task would hold up every isolate of a thread (all of them, in `wrangler dev`).
      await new Promise((resolve) => setTimeout(resolve, 0));
      turn.renew();
    }
    const catalogue = await builder.finish();
    const store = shardCacheStore(this.storage);
    const blocks = await storeBlocks(store, documentsKey(connector, harvest), catalogue.blocks as MemoryBlocks, {
      ttlSeconds: 0,
      pageBlocks: SHARD_PAGE_BLOCKS,
    });
    const snapshot: Snapshot = { connector, catalogue: { ...catalogue, blocks }, quarantined: [], records: catalogue.size, fetchedAt: request.fetchedAt };
    await putLarge(this.storage, snapshotKey(connector, harvest), encodeCatalogue(snapshot));
    await putLarge(this.storage, sourcesKey(connector, harvest), digests.finish().toBytes());
    await putLarge(this.storage, idsKey(connector, harvest), new TextEncoder().encode(packIds(catalogue.ids)));
    finished.size = catalogue.size;
    await putLarge(this.storage, finishedKey(connector, harvest), json(finished));
    await this.storage.deletePrefix(staged(connector, harvest));
    return finished;
  }

  /** Up to `count` of a finished slice's ids in ascending order after the first `after`, packed (`packIds`): a chunk of the rank merge. */
  async ids(request: IdsRequest): Promise<string> {
    const key = idsKey(request.connector, request.harvest);
    if (this.finished?.key !== key) {
      const bytes = await getLarge(this.storage, key);
      if (!bytes) throw new Error(`no finished slice of ${request.connector} (${request.harvest})`);
      this.finished = { key, list: new TextDecoder().decode(bytes), position: 0, at: 0 };
    }
    const finished = this.finished;
    if (request.after < finished.position) Object.assign(finished, { position: 0, at: 0 });
    const { list } = finished;
    if (list === '') return '';
    /** Where the id after the one starting at `from` starts (past the end: list.length + 1). */
    const next = (from: number) => {
      const end = list.indexOf('\n', from);
      return end < 0 ? list.length + 1 : end + 1;
    };
    // Skips to the chunk's first id (reads in order skip nothing).
    for (; finished.position < request.after && finished.at <= list.length; finished.position++) finished.at = next(finished.at);
    const start = finished.at;
    let end = start;
    for (let taken = 0; taken < request.count && end <= list.length; taken++, finished.position++) end = next(end);
    finished.at = end;
    return start > list.length ? '' : list.slice(start, end - 1);
  }

  /** Keeps a chunk of a finished slice's ranks (`RankRequest`) until `activate`. */
  async rank(request: RankRequest): Promise<void> {
    const { ranks } = request;
    const key = `${rankPartsPrefix(request.connector, request.harvest)}${String(request.offset).padStart(10, '0')}`;
    await putLarge(this.storage, key, new Uint8Array(ranks.buffer, ranks.byteOffset, ranks.byteLength));
  }

  /**
   * Serves the harvest's slice from now on: its ids' ranks in the whole connector's id order
   * (`mergeRanks`), in the order `ids` answered them, came in chunks (`rank`), or come whole in
   * `ranks`. The slice it replaces is deleted.
   */
  async activate(request: ActivateRequest): Promise<void> {
    const { connector, harvest } = request;
    const ranks = request.ranks ?? (await this.rankParts(connector, harvest));
    const ids = await getLarge(this.storage, idsKey(connector, harvest));
    const count = ids === undefined ? undefined : ids.byteLength === 0 ? 0 : ids.reduce((n, byte) => n + (byte === 10 ? 1 : 0), 1);
    if (count !== undefined && count !== ranks.length) throw new Error(`shard slice of ${connector} (${harvest}): ${ranks.length} ranks for ${count} ids`);
    await putLarge(this.storage, ranksKey(connector, harvest), new Uint8Array(ranks.buffer, ranks.byteOffset, ranks.byteLength));
    const before = await this.meta(connector);
    const meta: SliceMeta = { harvest, fetchedAt: request.fetchedAt, size: ranks.length };
    await this.storage.put(metaKey(connector), json(meta));
    this.slices.delete(connector);
    this.replaced();
    this.member.resize(this.heldNow());
    if (before && before.harvest !== harvest) await this.drop(connector, before.harvest);
    // Pages of harvests that failed before their end (one harvest of a connector runs at a time), and the rank merge's rows.
    await this.storage.deletePrefix(`stage:${connector}:`);
    await this.storage.deletePrefix(`ids:${connector}:`);
    await this.storage.deletePrefix(`rankpart:${connector}:`);
    await this.storage.deletePrefix(`finished:${connector}:`);
    if (this.finished?.key === idsKey(connector, harvest)) this.finished = undefined;
  }

  /** The chunks of a finished slice's ranks, in order, as one list. */
  private async rankParts(connector: string, harvest: string): Promise<Int32Array> {
    const parts: Uint8Array[] = [];
    for (const key of await this.storage.keys(rankPartsPrefix(connector, harvest))) {
      if (key.includes('#')) continue;
      const part = await getLarge(this.storage, key);
      if (!part) throw new Error(`rank chunk ${key} is missing`);
      parts.push(part);
    }
    const ranks = new Int32Array(parts.reduce((n, part) => n + part.byteLength, 0) / 4);
    const bytes = new Uint8Array(ranks.buffer);
    let at = 0;
    for (const part of parts) bytes.set(part, at), (at += part.byteLength);
    return ranks;
  }

  /**
   * Forgets the staged pages of a harvest from `page` on: a resumed harvest stages again what came
   * after its checkpoint (the invocation that ended may have staged part of it).
   */
  async rewind(request: { connector: string; harvest: string; page: number }): Promise<void> {
    const prefix = staged(request.connector, request.harvest);
    const from = `${prefix}${String(request.page).padStart(8, '0')}`;
    for (const key of await this.storage.keys(prefix)) if (key >= from) await this.storage.delete(key);
  }

  /** Forgets a harvest that will not finish (its checkpoint was too old): its staged pages, and its slice if built and not served. */
  async abandon(request: { connector: string; harvest: string }): Promise<void> {
    const { connector, harvest } = request;
    await this.storage.deletePrefix(staged(connector, harvest));
    if ((await this.meta(connector))?.harvest !== harvest) await this.drop(connector, harvest);
  }

  /** Forgets a connector: its slice, and any harvest of it staged or finished, and its checkpoint. */
  async remove(connector: string): Promise<void> {
    await this.gtins.release(connector);
    await this.storage.delete(metaKey(connector));
    for (const prefix of ['stage', 'snap', 'docs', 'ranks', 'sources', 'ids', 'rankpart', 'finished', 'checkpoint'])
      await this.storage.deletePrefix(`${prefix}:${connector}:`);
    this.slices.delete(connector);
    this.replaced();
    this.member.resize(this.heldNow());
  }

  /**
   * Reads the slices of these connectors and builds their index now, so that the next search finds
   * them ready: called at a harvest's end, on the Cron pass and when a Worker's isolate starts.
   * Answers at once when they are (one index is kept per set of connectors).
   */
  warm(request: ShardScope): Promise<void> {
    return this.reading(async () => void (await this.index(request.connectors)));
  }

  /** This shard's statistics of the query's terms (see scatter-gather.ts's `statisticsTerms`). */
  statistics(request: ShardScope & { terms: readonly string[]; lang: string }): Promise<ShardStatistics> {
    return this.reading(async () => {
      const index = await this.index(request.connectors);
      const postings = (await this.loaded(request.connectors)).map((slice) => slice.snapshot.catalogue.search.dictionary());
      return shardStatistics(postings, request.terms, index.size > 0 && index.nameLanguage(request.lang) === request.lang);
    });
  }

  /** Up to `first` of this shard's matches after `position`, in the query's order, with their places and sort keys, its total and facets. */
  search(request: ShardSearchRequest): Promise<ShardPage> {
    return this.reading(async () => {
      const { query, statistics, position, first } = request;
      const index = await this.index(request.connectors);
      const vocabulary = statistics && globalStatistics([{ docCount: 0, ...statistics }]);
      const { docs, keys, total, matched, explain } = selectKeyed(index, query, request.rates, {
        vocabulary,
        nameLanguage: statistics ? nameLanguage(query.lang, statistics) : undefined,
        from: position,
        count: first,
        limits: this.limits,
      });
      const hits: ShardHit[] = keys.map((key, i) => {
        const doc = docs[i]!;
        return { id: index.idOf(doc), place: index.places![doc]!, ...(key !== undefined && { key }), ...(explain && { matchedBy: explain(doc) }) };
      });
      const facets = request.facets ? index.facets(matched()) : { economies: [], categories: [], ratings: [], certifications: [] };
      return { hits, total, facets };
    });
  }

  /**
   * Products by id, in the order asked, null for one this shard does not hold: one read of their
   * document blocks. `remember: false` leaves the shard's record cache as it was (a change
   * recording's reads, each product once). @default remember true
   */
  documents(request: ShardScope & { ids: readonly string[]; remember?: boolean }): Promise<Array<IndexedProduct | null>> {
    return this.reading(async () => (await this.index(request.connectors)).lookup(request.ids, { remember: request.remember ?? true }));
  }

  /** A page's GTINs that hash here, for one connector: those another economy's connector owns; the rest claimed (`ShardGtins.admit`). */
  admitGtins(request: GtinAdmitRequest): Promise<GtinConflict[]> {
    return this.gtins.admit(request);
  }

  /** The notices kept here for an owner whose GTINs other economies' records carried, handed over once. */
  takeGtinNotices(connector: string): Promise<QuarantinedRecord[]> {
    return this.gtins.takeNotices(connector);
  }

  /** The product of this shard's slices that carries a GTIN-14 (the earliest by place), with its place; null for none. */
  gtin(request: ShardScope & { gtin: string }): Promise<{ id: string; place: number } | null> {
    return this.reading(async () => {
      const index = await this.index(request.connectors);
      const doc = docByGtin(index, request.gtin);
      return doc < 0 ? null : { id: index.idOf(doc), place: index.places![doc]! };
    });
  }

  /**
   * The next page of this shard's products in the whole catalogue's default order (its index's
   * numbering) after the place `after`: each one's id, place and source digest, and its record when asked. What
   * the Worker merges into one walk over the catalogue (`walkShards`): a change recording's, an
   * export's, the sitemap's. A page holds at most `count` products and looks at MAX_WALK_SCAN.
   */
  walk(request: ShardWalkRequest): Promise<ShardWalkPage> {
    return this.reading(async () => {
      const index = await this.index(request.connectors);
      const harvests = this.harvestsOf.get(index) ?? new Map<string, string>();
      const walked = request.connector === undefined ? [...harvests.keys()].sort() : [request.connector];
      const served = walked.map((connector) => `${connector}=${harvests.get(connector) ?? ''}`).join(',');
      const page: ShardWalkPage = { ids: [], places: [], sources: [], next: null, served };
      const { economies, economy: economyOf } = index.columns;
      const economy = request.economy === undefined ? -1 : economies.indexOf(request.economy);
      if (request.economy !== undefined && economy < 0) return page;
      const count = Math.min(Math.max(1, request.count), MAX_WALK_PAGE);
      const docs: number[] = [];
      const places = index.places!;
      let doc = firstAfter(places, request.after);
      const end = Math.min(index.size, doc + MAX_WALK_SCAN);
      for (; doc < end && docs.length < count; doc++) {
        if (economy >= 0 && economyOf[doc] !== economy) continue;
        const { snapshot, local } = index.partAt(doc);
        if (request.connector !== undefined && snapshot.connector !== request.connector) continue;
        docs.push(doc);
        page.ids.push(snapshot.catalogue.ids.at(local));
        page.places.push(places[doc]!);
        page.sources.push(snapshot.sources?.at(snapshot.catalogue.placeOf[local]!) ?? '');
      }
      page.next = doc < index.size ? places[doc - 1]! : null;
      if (request.records) page.products = docs.length ? await index.records(docs, { remember: false }) : [];
      return page;
    });
  }

  /** The bytes of the slices this shard holds in memory: what its isolate holds for it besides the bounded caches. */
  async heldBytes(): Promise<number> {
    return this.slices.bytes;
  }

  /** The bytes of this shard's index (its numbering, places, merged columns, memos, GTIN table), 0 when none is built. */
  get indexBytes(): number {
    const index = this.built?.ready;
    return index ? index.bytes + gtinTableBytes(index) : 0;
  }

  /**
   * True when the slices one call needs hold more than the shard's budget, or the shards of its
   * isolate in use hold more than theirs together: the catalogue wants more shards (or isolates).
   */
  get overBudget(): boolean {
    return this.slices.over || this.memory.over;
  }

  /** What the shards of this isolate hold together, and how many times one was let go for their budget. */
  get isolate(): { bytes: number; evictions: number } {
    return { bytes: this.memory.bytes, evictions: this.memory.evictions };
  }

  /** What this shard holds in memory: its slices (with the typo expansions their search indexes kept since) and its index. */
  private heldNow(): number {
    let typos = 0;
    for (const slice of this.built?.slices ?? []) typos += slice.snapshot.catalogue.search.typoBytes;
    return this.slices.bytes + typos + this.indexBytes;
  }

  /**
   * Runs a call that reads the shard's slices or index: while it runs, the isolate's budget lets
   * other shards go first, never this one; once it is done, what the shard holds is counted again
   * (the memos and typo expansions a search keeps), which may let the least recently used go.
   */
  private async reading<T>(work: () => Promise<T>): Promise<T> {
    this.member.enter();
    try {
      return await work();
    } finally {
      this.member.resize(this.heldNow());
      this.member.leave();
    }
  }

  /** Lets go of every slice and the index, for the isolate's budget: read again from storage when next needed. */
  private release(): void {
    this.slices.clear();
    this.built = undefined;
    this.previous = undefined;
  }

  /** The index no longer serves (a slice activated or removed): kept as `previous` until the next is built. */
  private replaced(): void {
    this.previous = this.built?.ready ?? this.previous;
    this.built = undefined;
  }

  /** The index over the slices of these connectors, built once per change of them. */
  private index(connectors: readonly string[]): Promise<CatalogueIndex> {
    const key = JSON.stringify(connectors);
    if (this.built?.key === key) return this.built.index;
    const index = this.loaded(connectors).then(async (loaded) => {
      // A slice whose columns an index merged before let them go (below): taken back from that index when it is
      // still at hand (an activation replaced it), else the slice is read again, whole. Checked again after a read:
      // another build (another scope) may have let a slice's columns go meanwhile; the last check and the index's
      // construction run in one go.
      const previous = this.previous;
      let slices = loaded;
      for (let reads = 0; ; reads++) {
        const spent: string[] = [];
        for (const slice of slices) {
          if (!columnsDropped(slice.snapshot.catalogue)) continue;
          const columns = previous?.columnsOf(slice.snapshot);
          if (!columns) {
            spent.push(slice.snapshot.connector);
            continue;
          }
          slice.bytes += restoreMergedColumns(slice.snapshot.catalogue, columns);
          this.slices.resize(slice.snapshot.connector, slice.bytes);
        }
        if (!spent.length || reads === MAX_REREADS) break;
        for (const connector of spent) this.slices.delete(connector);
        slices = await this.loaded(connectors);
      }
      if (this.previous === previous) this.previous = undefined;
      const places = new Map(
        slices.map((slice) => {
          const number = connectors.indexOf(slice.snapshot.connector);
          return [slice.snapshot.connector, Float64Array.from(slice.ranks, (rank) => defaultPlace(rank, number, connectors.length))] as const;
        }),
      );
      const index = new CatalogueIndex(
        slices.map((slice) => slice.snapshot),
        new Set(),
        0,
        { places },
      );
      // The index holds its own copy of the columns filters, sorts and facets read: the slices' go.
      for (const slice of slices) {
        slice.bytes -= dropMergedColumns(slice.snapshot.catalogue);
        this.slices.resize(slice.snapshot.connector, slice.bytes);
      }
      this.harvestsOf.set(index, new Map(slices.map((slice) => [slice.snapshot.connector, slice.meta.harvest])));
      if (this.built === built) built.slices = slices;
      return index;
    });
    const built: NonNullable<CatalogueShard['built']> = { key, index, connectors };
    this.built = built;
    // Counted once built, while the call that built it still runs: other shards of the isolate go first.
    index.then(
      (ready) => {
        if (this.built !== built) return;
        built.ready = ready;
        this.member.resize(this.heldNow());
      },
      () => undefined,
    );
    index.catch(() => {
      if (this.built?.index === index) this.built = undefined;
    });
    return index;
  }

  private async loaded(connectors: readonly string[]): Promise<Slice[]> {
    const slices = await this.slices.get(connectors);
    return slices.filter((slice): slice is Slice => slice !== undefined);
  }

  private async read(connector: string): Promise<Slice | undefined> {
    const meta = await this.meta(connector);
    if (!meta) return undefined;
    const [bytes, ranks, sources] = await Promise.all([
      getLarge(this.storage, snapshotKey(connector, meta.harvest)),
      getLarge(this.storage, ranksKey(connector, meta.harvest)),
      getLarge(this.storage, sourcesKey(connector, meta.harvest)),
    ]);
    if (!bytes || !ranks) throw new Error(`shard slice of ${connector} (${meta.harvest}) is incomplete`);
    const snapshot = readCatalogue(bytes, { codec: this.codec, store: shardCacheStore(this.storage), packedPostings: true, columnsApart: true });
    const aligned = new Int32Array(ranks.slice().buffer);
    if (aligned.length !== snapshot.catalogue.size)
      throw new Error(`shard slice of ${connector}: ${aligned.length} ranks for ${snapshot.catalogue.size} products`);
    // A slice stored before the shards kept digests has none: a recording then reads its products.
    const digests = sources && SourceDigests.fromBytes(sources);
    if (digests && digests.count === snapshot.catalogue.size) snapshot.sources = digests;
    // The snapshot's arrays view two copies of its stored sections (the columns an index merges apart; its postings
    // packed); its dictionary is in the heap.
    const { ids, columns, search } = snapshot.catalogue;
    const copies = ids.bytes.buffer.byteLength + (columns.economy.buffer === ids.bytes.buffer ? 0 : columns.economy.buffer.byteLength);
    const held = copies + aligned.byteLength + (snapshot.sources ? sources!.byteLength : 0) + search.heapBytes;
    return { meta, snapshot, ranks: aligned, bytes: held };
  }

  /**
   * What `finish` answered for a harvest's slice already built here, its ids ready for the rank
   * merge again (`activate` deletes them); undefined when none is built. Once activated, its
   * duplicates are no longer known: the first `finish` reported them.
   */
  private async finishedBefore(connector: string, harvest: string): Promise<FinishedSlice | undefined> {
    const bytes = await getLarge(this.storage, snapshotKey(connector, harvest));
    if (!bytes) return undefined;
    const stored = await getLarge(this.storage, finishedKey(connector, harvest));
    if (stored && (await getLarge(this.storage, idsKey(connector, harvest)))) return parse<FinishedSlice>(stored);
    const { catalogue } = readCatalogue(bytes, { codec: this.codec, store: shardCacheStore(this.storage) });
    await putLarge(this.storage, idsKey(connector, harvest), new TextEncoder().encode(packIds(catalogue.ids)));
    return stored ? parse<FinishedSlice>(stored) : { size: catalogue.size, duplicates: 0, duplicateIds: [] };
  }

  private async meta(connector: string): Promise<SliceMeta | undefined> {
    const bytes = await this.storage.get(metaKey(connector));
    return bytes && parse<SliceMeta>(bytes);
  }

  private async drop(connector: string, harvest: string): Promise<void> {
    await this.storage.delete(snapshotKey(connector, harvest));
    await this.storage.deletePrefix(`${snapshotKey(connector, harvest)}#`);
    await this.storage.deletePrefix(documentsPrefix(connector, harvest));
    await this.storage.delete(ranksKey(connector, harvest));
    await this.storage.deletePrefix(`${ranksKey(connector, harvest)}#`);
    await this.storage.delete(sourcesKey(connector, harvest));
    await this.storage.deletePrefix(`${sourcesKey(connector, harvest)}#`);
  }
}

/** How many times an index's build reads again the slices whose columns another build let go meanwhile (see `index`). */
const MAX_REREADS = 3;

/** The first position in ascending `places` whose place is past `after`. */
function firstAfter(places: Float64Array, after: number): number {
  let low = 0;
  let high = places.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (places[mid]! <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
