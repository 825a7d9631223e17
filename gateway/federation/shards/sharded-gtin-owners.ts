import type { QuarantinedRecord } from '../../../connectors/core/connector';
import type { CanonicalProduct } from '../../../schemas/product';
import { conflictIssue, type GtinAdmission, type GtinClaimant, gtinKey, MAX_NOTICES } from '../gtin-owners';
import { shardOf } from '../search/scatter-gather';
import type { GtinAdmitRequest, GtinConflict } from './shard-gtins';

/** The shards' side of GTIN ownership (`CatalogueShard.admitGtins`, `takeGtinNotices`; `remove` releases). */
export interface GtinShard {
  admitGtins(request: GtinAdmitRequest): Promise<GtinConflict[]>;
  takeGtinNotices(connector: string): Promise<QuarantinedRecord[]>;
}

/**
 * GTIN ownership kept by the shards, partitioned by the GTIN's hash (`shardOf` of its 14 digits),
 * not by product id: the Worker holds none of it (issue 30). A harvest asks a page at a time
 * (`ShardHarvest`): each shard is sent the page's GTINs it owns by hash, with the connector and
 * its economy, one call per shard with some, and answers those another economy's connector owns
 * (claiming the rest). The rule is `GtinOwners`': the first connector to serve a GTIN keeps it;
 * connectors of one economy share; a removed connector's GTINs are freed (the shards' `remove`).
 */
export class ShardedGtinOwners implements GtinAdmission {
  private readonly shards: readonly GtinShard[];

  constructor(options: { shards: readonly GtinShard[] }) {
    this.shards = options.shards;
  }

  async admitAll(connector: GtinClaimant, products: readonly CanonicalProduct[], claim = true): Promise<Array<QuarantinedRecord | undefined>> {
    const answers: Array<QuarantinedRecord | undefined> = products.map(() => undefined);
    const byShard = new Map<number, number[]>();
    products.forEach((product, i) => {
      if (!product.gtin) return;
      const s = shardOf(gtinKey(product.gtin), this.shards.length);
      let list = byShard.get(s);
      if (!list) byShard.set(s, (list = []));
      list.push(i);
    });
    await Promise.all(
      [...byShard].map(async ([s, asked]) => {
        const conflicts = await this.shards[s]!.admitGtins({
          connector: connector.id,
          economy: connector.economy,
          gtins: asked.map((i) => gtinKey(products[i]!.gtin!)),
          localIds: asked.map((i) => products[i]!.localId),
          ...(!claim && { claim }),
        });
        for (const { index, owner, economy } of conflicts) {
          const product = products[asked[index]!]!;
          answers[asked[index]!] = conflictIssue({ id: owner, economy }, product.gtin!, product.localId);
        }
      }),
    );
    return answers;
  }

  /** The notices for an owner since its last harvest, gathered from every shard, handed over once. */
  async takeNotices(connector: string): Promise<QuarantinedRecord[]> {
    const all = await Promise.all(this.shards.map((shard) => shard.takeGtinNotices(connector)));
    return all.flat().slice(0, MAX_NOTICES);
  }
}
