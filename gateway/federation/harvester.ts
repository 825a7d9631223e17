import type { HarvestProgress } from '../../connectors/core/connector';
import { SourceDigestsBuilder } from '../changes/source-digests';
import type { Logger } from '../log';
import type { CacheStore } from '../stores/ports';
import { CatalogueBuilder } from './catalogue/snapshot-catalogue';
import type { ConnectorState, ConnectorTable } from './connector-table';
import { harvestOnce } from './harvest-lease';
import { failedReport, finishedReport, type HarvestReport, type HarvestReportLog, runningReport } from './harvest-report';
import type { SharedSnapshots } from './shared-snapshots';
import type { GtinOwners } from './gtin-owners';
import { servedProducts, type Snapshot } from './snapshot';
import type { BlockCodec } from './storage/document-blocks';
import type { ShardedCatalogue } from './shards/sharded-catalogue';
import { type CheckpointedHarvest, type HarvestResumption, HarvestTakenOver, HarvestUnderWay } from './harvest-resumption';

/** A connector with nothing to serve is tried again this soon, whatever its TTL. */
const DOWN_RETRY_SECONDS = 30;

export interface HarvesterOptions {
  /** The connectors and the version of what they serve. */
  table: ConnectorTable;
  /** The snapshots shared between instances. */
  shared: SharedSnapshots;
  /** The store the instances share: its leases keep one harvest per connector across them. */
  cache: CacheStore;
  clock: () => Date;
  log: Logger;
  /** How snapshots compress their document blocks; the Web Compression Streams by default. */
  codec?: BlockCodec;
  /** Who owns each GTIN: a record carrying one another economy's connector served first is quarantined. */
  gtinOwners: GtinOwners;
  /** Where each finished harvest's report is kept; none kept when absent. */
  reports?: HarvestReportLog;
  /** Digest each product's JSON as it is encoded (`Snapshot.sources`): the change feed is on. */
  sourceDigests?: boolean;
  /** The catalogue's shards: each page's products go to them, and the snapshot kept here is empty but for its count. */
  shards?: ShardedCatalogue;
  /**
   * Checkpoints each sharded harvest of a `resumable` connector after every page, and goes on from
   * the checkpoint an ended invocation left (Workers, `harvest-resumption.ts`); none on Node.
   */
  resumption?: HarvestResumption;
}

/** GTIN conflicts a harvest lists at most (each one's record is quarantined all the same). */
const MAX_GTIN_CONFLICTS_LISTED = 500;

/**
 * Loads and refreshes one connector's snapshot: from the shared cache when another instance
 * harvested it, else by harvesting it (one harvest at a time per connector, here and across the
 * instances), then sharing what it harvested. A failed harvest keeps the last good snapshot.
 */
export class Harvester {
  private readonly options: HarvesterOptions;
  /**
   * The report of each harvest under way here, by connector. Kept in memory, not stored: only a
   * finished report is written (one write per harvest; Workers KV takes one write a second per key).
   */
  private readonly running = new Map<string, HarvestReport>();

  constructor(options: HarvesterOptions) {
    this.options = options;
  }

  /** The connector's first load (the shared snapshot, else a harvest), started once and shared by every caller. */
  start(state: ConnectorState): Promise<void> {
    return (state.started ??= (async () => {
      const shared = await this.options.shared.load(state.connector.id);
      if (shared) this.options.table.adopt(state, shared);
      else await this.refresh(state, { preferShared: false });
    })());
  }

  /**
   * One revalidation at a time: adopts a newer shared snapshot if another instance made one (when
   * `preferShared`), else harvests.
   */
  refresh(state: ConnectorState, { preferShared }: { preferShared: boolean }): Promise<void> {
    return (state.refreshing ??= (async () => {
      if (preferShared) {
        const shared = await this.options.shared.load(state.connector.id);
        if (shared && (!state.snapshot || shared.fetchedAt > state.snapshot.fetchedAt) && !this.expired(state, shared)) {
          this.options.table.adopt(state, shared);
          return;
        }
      }
      await harvestOnce({
        cache: this.options.cache,
        connector: state.connector.id,
        log: this.options.log,
        since: state.snapshot?.fetchedAt ?? '',
        loadShared: () => this.options.shared.load(state.connector.id),
        adopt: (snapshot) => {
          if (this.options.table.holds(state)) this.options.table.adopt(state, snapshot);
        },
        harvest: () => this.harvest(state),
      });
    })().finally(() => (state.refreshing = undefined)));
  }

  /** True when the connector's last refresh is older than its TTL (or, with nothing to serve, than the retry delay). */
  isStale(state: ConnectorState, now: number): boolean {
    if (state.lastRefresh === undefined) return false;
    const ttl = state.connector.refresh.ttlSeconds;
    const retryAfter = state.snapshot ? ttl : Math.min(ttl, DOWN_RETRY_SECONDS);
    return now - Date.parse(state.lastRefresh) > retryAfter * 1000;
  }

  /** The report of the connector's harvest under way on this instance, if one is. */
  runningReport(connector: string): HarvestReport | undefined {
    return this.running.get(connector);
  }

  private expired(state: ConnectorState, snapshot: Snapshot): boolean {
    return this.options.clock().getTime() - Date.parse(snapshot.fetchedAt) > state.connector.refresh.ttlSeconds * 1000;
  }

  /** Harvests the connector, serves its snapshot here and shares it; a failure is recorded and logged. */
  private async harvest(state: ConnectorState): Promise<void> {
    const { table, shared, clock, log, codec, gtinOwners } = this.options;
    const { connector } = state;
    let started = clock().toISOString();
    const timer = performance.now();
    const running = runningReport(connector.id, started);
    this.running.set(connector.id, running);
    let checkpoint: CheckpointedHarvest | undefined;
    try {
      // On Workers, a harvest an ended invocation left goes on from its checkpoint, under its id and start.
      checkpoint = this.options.shards && connector.resumable ? await this.options.resumption?.begin(connector) : undefined;
      if (checkpoint) running.startedAt = started = checkpoint.startedAt;
      // Each product is encoded, tokenized and reduced to columns as it is validated, then let go.
      const sources = this.options.sourceDigests ? new SourceDigestsBuilder() : undefined;
      const builder = new CatalogueBuilder({ codec, ...(sources && { onDocument: (json: Uint8Array) => sources.add(json) }) });
      // A record carrying a GTIN another economy's connector served first is quarantined, not served.
      const conflicts: Snapshot['quarantined'] = checkpoint?.conflicts ?? [];
      const conflict = (issue: Snapshot['quarantined'][number]) => void (conflicts.length < MAX_GTIN_CONFLICTS_LISTED && conflicts.push(issue));
      // With shards, each page's products go to the shards they hash to; nothing is built here. The
      // shards keep GTIN ownership too, when they can (`ShardedGtinOwners`): each page is admitted there.
      const gtins = this.options.shards?.gtins;
      const sharded = this.options.shards?.harvest(connector.id, {
        ...(checkpoint && { harvest: checkpoint.id, page: checkpoint.stagedPages }),
        gtins: { claimant: connector, onConflict: conflict },
      });
      const take = sharded
        ? (product: Parameters<CatalogueBuilder['add']>[0]) => sharded.add(product)
        : (product: Parameters<CatalogueBuilder['add']>[0]) => builder.add(product);
      const admit = (product: Parameters<CatalogueBuilder['add']>[0]) => {
        const issue = gtins ? undefined : gtinOwners.admit(connector, product);
        if (!issue) take(product);
        else conflict(issue);
      };
      // Checkpointed after each page, once the shards have its products.
      const onPage =
        checkpoint && sharded && (async (progress: HarvestProgress) => (await sharded.pace(), checkpoint!.page(progress, sharded.nextPage, conflicts)));
      const harvest =
        checkpoint?.finished ??
        (await connector.harvest({
          transport: state.transport,
          onProduct: admit,
          pace: () => (sharded ? sharded.pace() : builder.drained()),
          // With shards, a local id's later copies are dropped by the shard its id hashes to, not tracked here.
          uniqueDownstream: Boolean(sharded),
          ...(onPage && { onPage, ...(checkpoint!.resume && { resume: checkpoint!.resume }) }),
        }));
      // A connector that does not take `onProduct` hands its products back instead.
      for (const product of harvest.products) admit(product);
      if (checkpoint && sharded) await sharded.pace().then(() => checkpoint!.finishing(harvest, sharded.nextPage, conflicts));
      const products = sharded && (await sharded.finish(started));
      const catalogue = await shared.placeDocuments(connector.id, await builder.finish());
      state.lastHarvestMs = performance.now() - timer;
      // Records of other economies that carried this connector's GTINs: the owner hears of them too.
      const notices = await (gtins ?? gtinOwners).takeNotices(connector.id);
      const duplicates = (sharded?.duplicates.localIds ?? []).map((id) => ({ record: id, path: 'localId', message: `duplicate local id ${id}` }));
      const quarantined = [...harvest.quarantined, ...duplicates, ...conflicts];
      const snapshot: Snapshot = {
        connector: connector.id,
        catalogue,
        quarantined: [...quarantined, ...notices],
        records: harvest.records,
        fetchedAt: started,
        ...(harvest.truncated && { truncated: harvest.truncated }),
        ...(sources && { sources: sources.finish() }),
        ...(products !== undefined && { products }),
      };
      if (!table.holds(state)) return;
      table.adopt(state, snapshot);
      // Served: a checkpoint that cannot be forgotten now is only finished again by the next harvest.
      await checkpoint
        ?.done()
        .catch((error) => log('warn', 'could not forget the harvest checkpoint', { connector: connector.id, error: (error as Error).message }));
      await this.report(
        finishedReport({
          running,
          harvest: { ...harvest, quarantined },
          accepted: servedProducts(snapshot),
          finishedAt: clock().toISOString(),
          notices,
          ...(checkpoint && { resumed: checkpoint.resumed }),
        }),
      );
      await shared.share(snapshot);
      log('info', 'harvested', {
        connector: connector.id,
        products: servedProducts(snapshot),
        quarantined: harvest.records - servedProducts(snapshot),
        pages: harvest.pages,
        ...(harvest.truncated && { truncated: harvest.truncated }),
      });
    } catch (error) {
      if (error instanceof HarvestUnderWay || error instanceof HarvestTakenOver) {
        // Not a failure: another invocation harvests (or took over); the next refresh adopts what it shares.
        log('info', 'harvest left to another invocation', { connector: connector.id, reason: error.message });
        // With nothing to serve, the Cron tries again after its retry delay rather than never.
        if (!state.snapshot && table.holds(state)) table.fail(state, error.message, clock().toISOString());
        return;
      }
      await checkpoint?.release();
      state.lastHarvestMs = performance.now() - timer;
      table.fail(state, (error as Error).message, started);
      log(state.snapshot ? 'warn' : 'error', 'harvest failed', { connector: connector.id, error: state.lastError });
      if (table.holds(state)) await this.report(failedReport(running, (error as Error).message, clock().toISOString()));
    } finally {
      checkpoint?.stop();
      if (this.running.get(connector.id) === running) this.running.delete(connector.id);
    }
  }

  /** Keeps a finished harvest's report; a store that refuses it is logged (the harvest itself stands). */
  private async report(report: HarvestReport): Promise<void> {
    await this.options.reports
      ?.add(report)
      .catch((error) => this.options.log('warn', 'could not keep the harvest report', { connector: report.connector, error: (error as Error).message }));
  }
}
