import type { QuarantinedRecord } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';

/** A connector as ownership sees it. */
export interface GtinClaimant {
  id: string;
  economy: string;
}

/** Notices kept for an owner until its next harvest (the counts stay exact in the claimants' reports). */
const MAX_NOTICES = 100;

/**
 * Who owns each GTIN: the connector that first served it. A record of another economy's connector
 * carrying an owned GTIN is quarantined with an issue naming the owner (GS1 Digital Link would
 * otherwise send the owner's shoppers to it), and the owner hears of it in its next harvest's
 * issues. Connectors of the same economy may share a GTIN (a programme's crafts and main
 * catalogues). Ownership lives as long as the owning connector: removing it frees its GTINs.
 * Keyed by the GTIN's numeric value (14 digits fit a double exactly), one entry per owned GTIN.
 */
export class GtinOwners {
  readonly #owners = new Map<number, GtinClaimant>();
  readonly #notices = new Map<string, QuarantinedRecord[]>();

  /**
   * Admits `product` for `connector`, claiming its GTIN when no one owns it; or the issue that
   * quarantines it when another economy's connector owns it. `claim: false` only looks (a dry run).
   */
  admit(connector: GtinClaimant, product: CanonicalProduct, claim = true): QuarantinedRecord | undefined {
    if (!product.gtin) return undefined;
    const gtin = Number(product.gtin);
    const owner = this.#owners.get(gtin);
    if (!owner) {
      if (claim) this.#owners.set(gtin, { id: connector.id, economy: connector.economy });
      return undefined;
    }
    if (owner.id === connector.id || owner.economy === connector.economy) return undefined;
    const shown = product.gtin.padStart(14, '0');
    if (claim) {
      const notices = this.#notices.get(owner.id) ?? [];
      if (notices.length < MAX_NOTICES) {
        notices.push({
          record: null,
          path: 'gtin',
          message: `GTIN ${shown}, which this connector served first, is also carried by ${connector.id} (${connector.economy}) record ${product.localId}: that record is quarantined, /01/${shown} still leads here`,
        });
        this.#notices.set(owner.id, notices);
      }
    }
    return {
      record: product.localId,
      path: 'gtin',
      message: `GTIN ${shown} belongs to ${owner.id} (${owner.economy}), which served it first: this record is quarantined and not served; check the barcode with your producer or GS1`,
    };
  }

  /** The notices for an owner since its last harvest, handed over once. */
  takeNotices(connector: string): QuarantinedRecord[] {
    const notices = this.#notices.get(connector) ?? [];
    this.#notices.delete(connector);
    return notices;
  }

  /** Frees every GTIN a removed connector owned. */
  release(connector: string): void {
    for (const [gtin, owner] of this.#owners) if (owner.id === connector) this.#owners.delete(gtin);
    this.#notices.delete(connector);
  }

  /** The owner of a GTIN, if any. */
  ownerOf(gtin: string): string | undefined {
    return this.#owners.get(Number(gtin))?.id;
  }
}
