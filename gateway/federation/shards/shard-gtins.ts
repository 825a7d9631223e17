import type { QuarantinedRecord } from '../../../connectors/core/connector';
import { MAX_NOTICES, ownerNotice } from '../gtin-owners';
import type { ShardStorage } from './shard-storage';

/** A page's GTINs that hash to one shard, asked for one connector (`ShardedGtinOwners`). */
export interface GtinAdmitRequest {
  connector: string;
  economy: string;
  /** GTIN keys (`gtinKey`: 14 digits). */
  gtins: readonly string[];
  /** The local id of each GTIN's record, for the owner's notice. */
  localIds: readonly string[];
  /** False: only look (a dry run), claiming nothing and telling no one. @default true */
  claim?: boolean;
}

/** A GTIN of the request another economy's connector owns: its record is quarantined. */
export interface GtinConflict {
  /** Its position in the request's `gtins`. */
  index: number;
  owner: string;
  economy: string;
}

const ownerKey = (gtin: string) => `owner:${gtin}`;
/** The GTINs a connector claimed, one row per call that claimed some (what `release` reads). */
const ownedPrefix = (connector: string) => `owned:${connector}:`;
const noticeKey = (connector: string) => `notice:${connector}`;
const text = new TextEncoder();
const read = new TextDecoder();

/**
 * The GTINs a shard owns by hash (`shardOf` of the GTIN key), and who owns each: the connector that
 * first served it (docs/decisions/0030-edge-partitioning.md, "GTIN ownership in the shards"). Kept
 * in the shard's rows, not in memory: `owner:<gtin>` (the owner's economy and id), `owned:<connector>:…`
 * (the GTINs one call claimed, for `release`), `notice:<owner>` (at most MAX_NOTICES notices for
 * its next harvest). A Worker's isolate that restarts, or a harvest resumed in another invocation,
 * sees every GTIN claimed before.
 */
export class ShardGtins {
  private readonly storage: ShardStorage;

  constructor(storage: ShardStorage) {
    this.storage = storage;
  }

  /**
   * The request's GTINs owned by another economy's connector; every other GTIN nobody owns is
   * claimed for the connector (unless `claim` is false), and each conflict's owner gets a notice.
   */
  async admit(request: GtinAdmitRequest): Promise<GtinConflict[]> {
    const claim = request.claim ?? true;
    const conflicts: GtinConflict[] = [];
    const claimed: string[] = [];
    const notices = new Map<string, QuarantinedRecord[]>();
    for (let index = 0; index < request.gtins.length; index++) {
      const gtin = request.gtins[index]!;
      const row = await this.storage.get(ownerKey(gtin));
      if (!row) {
        if (claim) {
          await this.storage.put(ownerKey(gtin), text.encode(`${request.economy}\n${request.connector}`));
          claimed.push(gtin);
        }
        continue;
      }
      const [economy, owner] = read.decode(row).split('\n') as [string, string];
      if (owner === request.connector || economy === request.economy) continue;
      conflicts.push({ index, owner, economy });
      if (claim) {
        const list = notices.get(owner) ?? [];
        list.push(ownerNotice({ id: request.connector, economy: request.economy }, gtin, request.localIds[index]!));
        notices.set(owner, list);
      }
    }
    if (claimed.length) await this.storage.put(`${ownedPrefix(request.connector)}${crypto.randomUUID()}`, text.encode(claimed.join(',')));
    for (const [owner, added] of notices) {
      const kept = await this.notices(owner);
      if (kept.length >= MAX_NOTICES) continue;
      await this.storage.put(noticeKey(owner), text.encode(JSON.stringify([...kept, ...added].slice(0, MAX_NOTICES))));
    }
    return conflicts;
  }

  /** The notices kept for an owner, handed over once. */
  async takeNotices(connector: string): Promise<QuarantinedRecord[]> {
    const kept = await this.notices(connector);
    if (kept.length) await this.storage.delete(noticeKey(connector));
    return kept;
  }

  /** Frees every GTIN a removed connector owned here, and forgets its notices. */
  async release(connector: string): Promise<void> {
    for (const key of await this.storage.keys(ownedPrefix(connector))) {
      const row = await this.storage.get(key);
      for (const gtin of row ? read.decode(row).split(',') : []) {
        const owner = await this.storage.get(ownerKey(gtin));
        if (owner && read.decode(owner).split('\n')[1] === connector) await this.storage.delete(ownerKey(gtin));
      }
    }
    await this.storage.deletePrefix(ownedPrefix(connector));
    await this.storage.delete(noticeKey(connector));
  }

  private async notices(connector: string): Promise<QuarantinedRecord[]> {
    const row = await this.storage.get(noticeKey(connector));
    return row ? (JSON.parse(read.decode(row)) as QuarantinedRecord[]) : [];
  }
}
