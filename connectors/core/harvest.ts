import { CanonicalProduct } from '../../schemas/product';
import type { ConnectorInfo, Harvest, QuarantinedRecord } from './connector';
import { RecordError } from './errors';

/** One source record and the mapping that turns it into a canonical candidate. */
export interface MappedRecord {
  localId: string | undefined;
  map: () => Record<string, unknown>;
}

/**
 * Validates mapped records against the canonical product: the ones that pass are products, the
 * rest are quarantined with path and reason. A local id seen twice keeps its first record.
 */
export function collect(info: ConnectorInfo, records: Iterable<MappedRecord>, pages: number): Harvest {
  const products: CanonicalProduct[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const { localId, map } of records) {
    count++;
    const record = localId ?? null;
    if (localId && seen.has(localId)) {
      quarantined.push({ record, path: 'localId', message: `duplicate local id ${localId}` });
      continue;
    }
    let candidate: Record<string, unknown>;
    try {
      candidate = map();
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      quarantined.push({ record, path: error.path, message: error.message });
      continue;
    }
    const parsed = CanonicalProduct.safeParse({
      id: `${info.id}:${localId}`,
      connector: info.id,
      localId,
      economy: info.economy,
      programme: info.programme,
      language: info.defaults.language,
      ...candidate,
    });
    if (parsed.success) {
      products.push(parsed.data);
      seen.add(localId!);
    } else {
      for (const issue of parsed.error.issues) {
        quarantined.push({ record, path: issue.path.join('.') || '(record)', message: issue.message });
      }
    }
  }
  return { products, quarantined, records: count, pages };
}
