import { z } from 'zod';
import type { HarvestProgress, QuarantinedRecord } from '../../connectors/core/connector';
import { MAX_REPORT_ISSUES } from './harvest-report';

/**
 * Where a harvest that spans invocations stands (issue 30): what the next invocation that harvests
 * the connector needs to go on from the next page under the same harvest id, so that the pages the
 * shards staged before are kept and not fetched again. Saved after each upstream page, once the
 * shards have every product read so far.
 */
export interface HarvestCheckpoint {
  connector: string;
  /** The harvest's id: the shards stage its pages under it. */
  harvest: string;
  /** The invocation that holds it now (a token): only it saves the checkpoint. */
  owner: string;
  startedAt: string;
  /** When the holder last saved it (each page, and a heartbeat between): older than the stall window, its invocation ended. */
  savedAt: string;
  /** The invocations that ran this harvest, this one included. */
  invocations: number;
  /** Pages read by earlier invocations when this one took over (0: never resumed). */
  resumedPages: number;
  /** The next staged page's number (`ShardHarvest.nextPage`): pages from it on are staged again. */
  stagedPages: number;
  /** Where the source stands after the last page whose products the shards have; absent before the first page. */
  progress?: HarvestProgress;
  /** Set once every page is read and the shards are finishing: `truncated` is the reader's reason to have stopped early, if any. */
  finished?: { truncated?: string };
  /** GTIN conflicts listed so far (at most MAX_REPORT_ISSUES: what a report shows). */
  conflicts: QuarantinedRecord[];
}

/**
 * Where checkpoints are kept: one per connector, replaced only by the invocation that holds it
 * (compare-and-set on `owner`), so that two invocations never go on with one harvest. On Workers a
 * Durable Object (the connector's catalogue shard, `checkpoint-rows.ts`): strongly consistent, no
 * write-rate limit per key; KV (eventually consistent, one write a second a key) would not do.
 * Node harvests in one process and keeps none.
 */
export interface CheckpointStore {
  /** The connector's checkpoint, as stored. */
  get(connector: string): Promise<Uint8Array | undefined>;
  /** Stores it when the one stored is held by `expected` (null: none is stored); false, storing nothing, otherwise. */
  put(connector: string, value: Uint8Array, options: { owner: string; expected: string | null }): Promise<boolean>;
  /** Forgets the connector's checkpoint, if `owner` holds it. */
  delete(connector: string, owner: string): Promise<void>;
}

/** The most bytes a checkpoint takes: issues beyond it are let go (the counts stay exact). */
export const MAX_CHECKPOINT_BYTES = 256 * 1024;
/** The longest page position (a cursor) a checkpoint keeps: past it, the page is not checkpointed and a resumption goes on from an earlier one. */
export const MAX_POSITION_CHARS = 4096;

const Issue = z.object({ record: z.string().nullable(), path: z.string(), message: z.string() });
const Count = z.int().nonnegative();
const Checkpoint = z.object({
  connector: z.string(),
  harvest: z.string().max(100),
  owner: z.string().max(100),
  startedAt: z.iso.datetime(),
  savedAt: z.iso.datetime(),
  invocations: z.int().positive(),
  resumedPages: Count,
  stagedPages: Count,
  progress: z
    .object({
      position: z.string().max(MAX_POSITION_CHARS).nullable(),
      pages: Count,
      bytes: Count,
      collector: z.object({ records: Count, accepted: Count, issues: Count, quarantined: z.array(Issue) }),
    })
    .optional(),
  finished: z.object({ truncated: z.string().optional() }).optional(),
  conflicts: z.array(Issue),
});

const encoder = new TextEncoder();

/**
 * A checkpoint's bytes (JSON), within MAX_CHECKPOINT_BYTES: at most MAX_REPORT_ISSUES issues and
 * conflicts kept (what a report shows), halved while it is over. Undefined when its position is
 * over MAX_POSITION_CHARS (that page is not checkpointed).
 */
export function encodeCheckpoint(checkpoint: HarvestCheckpoint): Uint8Array | undefined {
  if ((checkpoint.progress?.position?.length ?? 0) > MAX_POSITION_CHARS) return undefined;
  let keep = MAX_REPORT_ISSUES;
  for (;;) {
    const { progress } = checkpoint;
    const bytes = encoder.encode(
      JSON.stringify({
        ...checkpoint,
        conflicts: checkpoint.conflicts.slice(0, keep),
        ...(progress && { progress: { ...progress, collector: { ...progress.collector, quarantined: progress.collector.quarantined.slice(0, keep) } } }),
      }),
    );
    if (bytes.byteLength <= MAX_CHECKPOINT_BYTES || keep === 0) return bytes;
    keep >>= 1;
  }
}

/** A stored checkpoint, parsed at the boundary; undefined (logged by the caller) when it cannot be read. */
export function decodeCheckpoint(bytes: Uint8Array): HarvestCheckpoint | undefined {
  try {
    const parsed = Checkpoint.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? (parsed.data as HarvestCheckpoint) : undefined;
  } catch {
    return undefined;
  }
}

/** Checkpoints in memory: unit tests, and a store shared by the invocations of one process. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly rows = new Map<string, { owner: string; value: Uint8Array }>();

  async get(connector: string): Promise<Uint8Array | undefined> {
    return this.rows.get(connector)?.value.slice();
  }

  async put(connector: string, value: Uint8Array, { owner, expected }: { owner: string; expected: string | null }): Promise<boolean> {
    if ((this.rows.get(connector)?.owner ?? null) !== expected) return false;
    this.rows.set(connector, { owner, value: value.slice() });
    return true;
  }

  async delete(connector: string, owner: string): Promise<void> {
    if (this.rows.get(connector)?.owner === owner) this.rows.delete(connector);
  }
}
