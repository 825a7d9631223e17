import type { ConnectorInfo, Harvest, HarvestProgress, QuarantinedRecord } from '../../connectors/core/connector';
import type { Logger } from '../log';
import { MAX_REPORT_ISSUES } from './harvest-report';
import { type CheckpointStore, decodeCheckpoint, encodeCheckpoint, type HarvestCheckpoint } from './harvest-checkpoint';

/** What a resumption does with the shards' rows of a harvest. */
export interface ResumableShards {
  /** Forgets the harvest's staged pages from `page` on. */
  rewind(request: { connector: string; harvest: string; page: number }): Promise<void>;
  /** Forgets a harvest that will not finish. */
  abandon(request: { connector: string; harvest: string }): Promise<void>;
}

export interface HarvestResumptionOptions {
  store: CheckpointStore;
  shards: ResumableShards;
  clock: () => Date;
  log: Logger;
  /** A checkpoint not saved for this long belongs to an invocation that ended: the next harvest goes on with it. @default 30_000 */
  stalledAfterMs?: number;
  /** How often a harvest under way saves its checkpoint when no page came meanwhile (the shards finishing); 0: never. @default 10_000 */
  heartbeatMs?: number;
  /**
   * The oldest harvest (from its start) that is resumed; an older one is dropped with its staged
   * pages and harvested again: its first pages would be stale on arrival. The connector's TTL, at
   * least the Cron's 15 minutes, at most a day. @default (connector) => min(max(ttl, 15 min), 24 h)
   */
  maxAgeMs?: (connector: ConnectorInfo) => number;
}

/** The harvest of the connector is under way in another invocation (its checkpoint is fresh): this one does not harvest. */
export class HarvestUnderWay extends Error {
  constructor(connector: string) {
    super(`a harvest of ${connector} is under way in another invocation`);
  }
}

const QUARTER_HOUR = 15 * 60_000;
const DAY = 24 * 60 * 60_000;

/**
 * Harvests that span invocations, on Workers (issue 30): each harvest into the shards keeps a
 * checkpoint (`HarvestCheckpoint`) after every upstream page; the next invocation that harvests the
 * connector takes over a checkpoint whose invocation ended (not saved for `stalledAfterMs`) and goes
 * on from its next page under the same harvest id, the shards' staged pages kept. A checkpoint
 * older than `maxAgeMs` is dropped, its staged pages with it.
 */
export class HarvestResumption {
  private readonly options: HarvestResumptionOptions;

  constructor(options: HarvestResumptionOptions) {
    this.options = options;
  }

  /**
   * The checkpointed harvest this invocation runs for the connector: the one an ended invocation
   * left (taken over), or a new one. Throws HarvestUnderWay while another invocation's is fresh.
   */
  async begin(connector: ConnectorInfo): Promise<CheckpointedHarvest> {
    const { store, shards, clock, log } = this.options;
    const stalledAfter = this.options.stalledAfterMs ?? 30_000;
    const maxAge = this.options.maxAgeMs?.(connector) ?? Math.min(Math.max(connector.refresh.ttlSeconds * 1000, QUARTER_HOUR), DAY);
    const now = clock();
    const owner = crypto.randomUUID();
    const bytes = await store.get(connector.id);
    const found = bytes && decodeCheckpoint(bytes);
    if (bytes && !found) log('warn', 'a harvest checkpoint could not be read; harvesting from the first page', { connector: connector.id });
    if (found && now.getTime() - Date.parse(found.savedAt) < stalledAfter) throw new HarvestUnderWay(connector.id);
    if (found && now.getTime() - Date.parse(found.startedAt) <= maxAge) {
      const taken: HarvestCheckpoint = {
        ...found,
        owner,
        savedAt: now.toISOString(),
        invocations: found.invocations + 1,
        resumedPages: found.progress?.pages ?? 0,
      };
      if (!(await store.put(connector.id, encodeCheckpoint(taken)!, { owner, expected: found.owner }))) throw new HarvestUnderWay(connector.id);
      // What the ended invocation staged past its checkpoint is staged again.
      await shards.rewind({ connector: connector.id, harvest: found.harvest, page: found.stagedPages });
      log('info', 'resuming a harvest', {
        connector: connector.id,
        harvest: found.harvest,
        invocation: taken.invocations,
        fromPage: (found.progress?.pages ?? 0) + 1,
        ...(found.finished && { finishing: true }),
      });
      return new CheckpointedHarvest(this.options, taken);
    }
    if (found) {
      log('info', 'dropping a harvest checkpoint too old to resume', { connector: connector.id, harvest: found.harvest, startedAt: found.startedAt });
      await shards.abandon({ connector: connector.id, harvest: found.harvest });
    }
    const fresh: HarvestCheckpoint = {
      connector: connector.id,
      harvest: crypto.randomUUID(),
      owner,
      startedAt: now.toISOString(),
      savedAt: now.toISOString(),
      invocations: 1,
      resumedPages: 0,
      stagedPages: 0,
      conflicts: [],
    };
    if (!(await store.put(connector.id, encodeCheckpoint(fresh)!, { owner, expected: found ? found.owner : null }))) throw new HarvestUnderWay(connector.id);
    return new CheckpointedHarvest(this.options, fresh);
  }
}

/** Another invocation took the harvest over (this one stalled past the window): this one stops. */
export class HarvestTakenOver extends Error {
  constructor(connector: string) {
    super(`the harvest of ${connector} was taken over by another invocation`);
  }
}

/**
 * One harvest's checkpoint, held by this invocation: saved after each page (`page`), when the
 * shards start finishing (`finishing`), every `heartbeatMs` between, and forgotten once the slice
 * is served (`done`). Saves run one at a time; one that finds the checkpoint taken over makes the
 * next call throw HarvestTakenOver.
 */
export class CheckpointedHarvest {
  private checkpoint: HarvestCheckpoint;
  private saving: Promise<void> = Promise.resolve();
  private lost = false;
  private readonly heartbeat?: ReturnType<typeof setInterval>;

  constructor(
    private readonly options: HarvestResumptionOptions,
    checkpoint: HarvestCheckpoint,
  ) {
    this.checkpoint = checkpoint;
    const every = options.heartbeatMs ?? 10_000;
    if (every > 0) {
      this.heartbeat = setInterval(() => void this.save({}).catch(() => undefined), every);
      // On Node, a heartbeat alone does not keep the process up.
      (this.heartbeat as { unref?: () => void }).unref?.();
    }
  }

  /** The harvest's id (the shards' staged pages are under it). */
  get id(): string {
    return this.checkpoint.harvest;
  }

  get startedAt(): string {
    return this.checkpoint.startedAt;
  }

  /** Where the source stands, when an earlier invocation read pages. */
  get resume(): HarvestProgress | undefined {
    return this.checkpoint.progress;
  }

  /** The next staged page's number. */
  get stagedPages(): number {
    return this.checkpoint.stagedPages;
  }

  /** The GTIN conflicts listed by the invocations before. */
  get conflicts(): QuarantinedRecord[] {
    return [...this.checkpoint.conflicts];
  }

  /** How many invocations ran it, and the pages read before the last one took over (for the report). */
  get resumed(): { invocations: number; resumedPages: number } {
    return { invocations: this.checkpoint.invocations, resumedPages: this.checkpoint.resumedPages };
  }

  /** The harvest read to its end by an earlier invocation (the shards were finishing): its counts, nothing to read. */
  get finished(): Harvest | undefined {
    const { finished, progress } = this.checkpoint;
    if (!finished || !progress) return undefined;
    const { collector } = progress;
    return {
      products: [],
      accepted: collector.accepted,
      quarantined: collector.quarantined,
      issues: collector.issues,
      records: collector.records,
      pages: progress.pages,
      ...(finished.truncated && { truncated: finished.truncated }),
    };
  }

  /** After a page whose products the shards all have (`stagedPages` past them): the checkpoint to go on from. */
  page(progress: HarvestProgress, stagedPages: number, conflicts: readonly QuarantinedRecord[]): Promise<void> {
    return this.save({ progress, stagedPages, conflicts: conflicts.slice(0, MAX_REPORT_ISSUES) });
  }

  /** Every page is read and staged: the shards finish next (a resumption then only finishes). */
  finishing(harvest: Harvest, stagedPages: number, conflicts: readonly QuarantinedRecord[]): Promise<void> {
    const progress: HarvestProgress = {
      position: null,
      pages: harvest.pages,
      bytes: this.checkpoint.progress?.bytes ?? 0,
      collector: { records: harvest.records, accepted: harvest.accepted, issues: harvest.issues ?? 0, quarantined: harvest.quarantined },
    };
    return this.save({
      progress,
      stagedPages,
      conflicts: conflicts.slice(0, MAX_REPORT_ISSUES),
      finished: harvest.truncated ? { truncated: harvest.truncated } : {},
    });
  }

  /** The slice is served: the checkpoint is forgotten. */
  async done(): Promise<void> {
    this.stop();
    await this.saving;
    await this.options.store.delete(this.checkpoint.connector, this.checkpoint.owner);
  }

  /** The harvest failed here: its checkpoint is left for the next harvest to go on from at once, not after the stall window. */
  async release(): Promise<void> {
    this.stop();
    await this.saving.catch(() => undefined);
    if (!this.lost) await this.save({ savedAt: new Date(0).toISOString() }).catch(() => undefined);
  }

  /** Stops the heartbeat. */
  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private save(change: Partial<HarvestCheckpoint>): Promise<void> {
    const run = this.saving.then(async () => {
      if (this.lost) throw new HarvestTakenOver(this.checkpoint.connector);
      const next: HarvestCheckpoint = { ...this.checkpoint, savedAt: this.options.clock().toISOString(), ...change };
      const bytes = encodeCheckpoint(next);
      // A position too long to keep: this page is not checkpointed, a resumption goes on from the one before.
      if (!bytes) return;
      const { owner } = next;
      if (!(await this.options.store.put(next.connector, bytes, { owner, expected: owner }))) {
        this.lost = true;
        this.stop();
        throw new HarvestTakenOver(next.connector);
      }
      this.checkpoint = next;
    });
    this.saving = run.catch(() => undefined);
    return run;
  }
}
