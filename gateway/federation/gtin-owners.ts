import type { QuarantinedRecord } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';
import { GtinTable } from './gtin-table';

/** A connector as ownership sees it. */
export interface GtinClaimant {
  id: string;
  economy: string;
}

/** Notices kept for an owner until its next harvest (the counts stay exact in the claimants' reports). */
export const MAX_NOTICES = 100;

/** A GTIN as ownership keys it: its numeric value as 14 digits ("8992000000017" and "08992000000017" are one GTIN). */
export const gtinKey = (gtin: string): string => String(Number(gtin)).padStart(14, '0');

/** The issue that quarantines `localId` of a claimant: `gtin` belongs to `owner`. */
export function conflictIssue(owner: GtinClaimant, gtin: string, localId: string): QuarantinedRecord {
  const shown = gtin.padStart(14, '0');
  return {
    record: localId,
    path: 'gtin',
    message: `GTIN ${shown} belongs to ${owner.id} (${owner.economy}), which served it first: this record is quarantined and not served; check the barcode with your producer or GS1`,
  };
}

/** What the owner of `gtin` is told in its next harvest: `claimant`'s record `localId` carried it and was quarantined. */
export function ownerNotice(claimant: GtinClaimant, gtin: string, localId: string): QuarantinedRecord {
  const shown = gtin.padStart(14, '0');
  return {
    record: null,
    path: 'gtin',
    message: `GTIN ${shown}, which this connector served first, is also carried by ${claimant.id} (${claimant.economy}) record ${localId}: that record is quarantined, /01/${shown} still leads here`,
  };
}

/**
 * Who may serve a GTIN, as a harvest and a dry run ask it: `GtinOwners` in the process (Node; the
 * harvest calls its synchronous `admit`), `ShardedGtinOwners` over the shards (Workers; a page at
 * a time, `ShardHarvest`).
 */
export interface GtinAdmission {
  /** Each product's issue when another economy's connector owns its GTIN; the others' GTINs claimed unless `claim` is false (a dry run). */
  admitAll(connector: GtinClaimant, products: readonly CanonicalProduct[], claim?: boolean): Promise<Array<QuarantinedRecord | undefined>>;
  /** The notices for an owner since its last harvest, handed over once. */
  takeNotices(connector: string): QuarantinedRecord[] | Promise<QuarantinedRecord[]>;
}

/**
 * Who owns each GTIN: the connector that first served it. A record of another economy's connector
 * carrying an owned GTIN is quarantined with an issue naming the owner (GS1 Digital Link would
 * otherwise send the owner's shoppers to it), and the owner hears of it in its next harvest's
 * issues. Connectors of the same economy may share a GTIN (a programme's crafts and main
 * catalogues). Ownership lives as long as the owning connector: removing it frees its GTINs.
 * Keyed by the GTIN's numeric value (14 digits fit a double exactly), one entry per owned GTIN in
 * a packed table (`GtinTable`, 16 to 32 bytes a GTIN) whose values number the claimants: a Worker's
 * isolate holds it whole, and it grows with the catalogue (issue 30).
 */
export class GtinOwners implements GtinAdmission {
  readonly #owners = new GtinTable();
  /** Every connector that ever claimed, by its number in `#owners` (a released one keeps its number). */
  readonly #claimants: GtinClaimant[] = [];
  readonly #numbers = new Map<string, number>();
  readonly #notices = new Map<string, QuarantinedRecord[]>();

  /**
   * Admits `product` for `connector`, claiming its GTIN when no one owns it; or the issue that
   * quarantines it when another economy's connector owns it. `claim: false` only looks (a dry run).
   */
  admit(connector: GtinClaimant, product: CanonicalProduct, claim = true): QuarantinedRecord | undefined {
    if (!product.gtin) return undefined;
    const gtin = Number(product.gtin);
    const number = this.#owners.get(gtin);
    if (number === undefined) {
      if (claim) this.#owners.set(gtin, this.#numberOf(connector));
      return undefined;
    }
    const owner = this.#claimants[number]!;
    if (owner.id === connector.id || owner.economy === connector.economy) return undefined;
    if (claim) {
      const notices = this.#notices.get(owner.id) ?? [];
      if (notices.length < MAX_NOTICES) {
        notices.push(ownerNotice(connector, product.gtin, product.localId));
        this.#notices.set(owner.id, notices);
      }
    }
    return conflictIssue(owner, product.gtin, product.localId);
  }

  /** `admit` for each of `products` at once (the `GtinAdmission` port: a dry run's sample). */
  async admitAll(connector: GtinClaimant, products: readonly CanonicalProduct[], claim = true): Promise<Array<QuarantinedRecord | undefined>> {
    return products.map((product) => this.admit(connector, product, claim));
  }

  /** The notices for an owner since its last harvest, handed over once. */
  takeNotices(connector: string): QuarantinedRecord[] {
    const notices = this.#notices.get(connector) ?? [];
    this.#notices.delete(connector);
    return notices;
  }

  /** Frees every GTIN a removed connector owned. */
  release(connector: string): void {
    const number = this.#numbers.get(connector);
    if (number !== undefined) this.#owners.deleteWhere((owner) => owner === number);
    this.#notices.delete(connector);
  }

  /** The owner of a GTIN, if any. */
  ownerOf(gtin: string): string | undefined {
    const number = this.#owners.get(Number(gtin));
    return number === undefined ? undefined : this.#claimants[number]!.id;
  }

  /** How many GTINs are owned, and the bytes their table holds (outside the JS heap). */
  get held(): { gtins: number; bytes: number } {
    return { gtins: this.#owners.size, bytes: this.#owners.bytes };
  }

  /** The claimant's number, given on its first claim (its economy as it claims now). */
  #numberOf(connector: GtinClaimant): number {
    let number = this.#numbers.get(connector.id);
    if (number === undefined) {
      number = this.#claimants.length;
      this.#numbers.set(connector.id, number);
    }
    if (this.#claimants[number]?.economy !== connector.economy) this.#claimants[number] = { id: connector.id, economy: connector.economy };
    return number;
  }
}
