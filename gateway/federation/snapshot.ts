import type { QuarantinedRecord } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';
import type { SourceDigests } from '../changes/source-digests';
import type { SnapshotCatalogue } from './catalogue/snapshot-catalogue';

/** One harvest of one connector: what the index serves until the next good harvest. */
export interface Snapshot {
  connector: string;
  /** Its products as the engine keeps them: ids, columns, search index and encoded documents. */
  catalogue: SnapshotCatalogue;
  quarantined: QuarantinedRecord[];
  records: number;
  fetchedAt: string;
  /** Why the harvest stopped before the source's end (a page cap): its products are served, the connector reads DEGRADED. */
  truncated?: string;
  /**
   * Each product's source digest, by place in the blocks, when this instance harvested it with the
   * change feed on: the recording compares them with the log without reading the documents back.
   * Never shared (a snapshot read from the shared cache has none, and its documents are read).
   */
  sources?: SourceDigests;
  /**
   * How many products the connector serves when the catalogue's shards hold them (Workers with
   * CATALOGUE_SHARDS, docs/decisions/0030-edge-partitioning.md): the snapshot's own catalogue is then empty.
   */
  products?: number;
}

/** How many products a snapshot serves: its catalogue's, or the shards' count when they hold them. */
export function servedProducts(snapshot: Snapshot): number {
  return snapshot.products ?? snapshot.catalogue.size;
}

/** A product as a look-up answers it: the canonical record and where it came from. */
export interface IndexedProduct {
  product: CanonicalProduct;
  fetchedAt: string;
  stale: boolean;
}
