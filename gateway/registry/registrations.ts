import type { Harvest } from '../../connectors/core/connector';
import { createDeclarativeConnector } from '../../connectors/declarative/index';
import { Manifest, manifestIssues } from '../../schemas/manifest';
import { badInput, gatewayError } from '../errors';
import type { Federation } from '../federation/federation';
import type { Logger } from '../log';
import type { RegistryStore } from '../stores/ports';
import { assertFetchable, type GuardOptions } from '../upstream/ssrf-guard';
import type { Transport } from '../../connectors/core/connector';

const KIND = 'connector';
/** Records a dry run reads at most. */
export const VALIDATION_SAMPLE = 1000;
/** Issues a report lists at most (the counts stay exact). */
const MAX_REPORTED_ISSUES = 500;

export interface ConformanceReport {
  ok: boolean;
  sampled: number;
  accepted: number;
  rejected: number;
  issues: Array<{ record: string | null; path: string; message: string }>;
}

interface Stored {
  manifest: Manifest;
  registeredAt: string;
}

/**
 * Connector registrations: manifests kept in the registry store (memory, Redis, KV), turned into
 * declarative connectors in the federation, and kept in step across instances by `sync`.
 */
export class Registrations {
  private readonly loaded = new Map<string, string>();

  /** `dryRunTransport` makes a fresh upstream pipeline (its own breaker) with the harvests' budget and guard. */
  constructor(
    private readonly store: RegistryStore,
    private readonly federation: Federation,
    private readonly dryRunTransport: () => Transport,
    private readonly guard: GuardOptions,
    private readonly log: Logger,
  ) {}

  /** Parses a manifest strictly; every problem with its path is BAD_USER_INPUT. */
  parse(input: unknown): Manifest {
    const parsed = Manifest.safeParse(input);
    if (!parsed.success) {
      const issues = manifestIssues(parsed.error);
      throw badInput(`the manifest is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    return parsed.data;
  }

  /** Dry run: reads up to 1,000 records, maps and validates them, stores nothing. */
  async validate(manifest: Manifest): Promise<ConformanceReport> {
    await assertFetchable(manifest.source.url, this.guard);
    return dryRun(manifest, this.dryRunTransport());
  }

  /** Stores the manifest (acknowledged only once stored), harvests the whole catalogue, reports. */
  async register(manifest: Manifest): Promise<ConformanceReport> {
    await assertFetchable(manifest.source.url, this.guard);
    const record = JSON.stringify({ manifest, registeredAt: new Date().toISOString() } satisfies Stored);
    try {
      await this.store.put(KIND, manifest.id, record);
    } catch (error) {
      this.log('error', 'registry store unavailable', { connector: manifest.id, error: (error as Error).message });
      throw gatewayError('STORE_UNAVAILABLE', 'the registry store is unavailable; nothing was registered, try again');
    }
    await this.federation.remove(manifest.id);
    this.install(manifest, record);
    this.log('info', 'connector registered', { connector: manifest.id, economy: manifest.economy });
    await this.federation.refresh(manifest.id);
    const view = this.federation.connectors().find((c) => c.id === manifest.id)!;
    const harvest = this.federation.lastHarvest(manifest.id);
    return harvest ? toReport(harvest) : unreadable(view.lastError ?? 'no harvest');
  }

  /** Removes a registered connector and its products. */
  async remove(id: string): Promise<boolean> {
    const existed = await this.store.delete(KIND, id);
    this.loaded.delete(id);
    await this.federation.remove(id);
    return existed;
  }

  /** The economy of a registered connector, if it is one. */
  async economyOf(id: string): Promise<string | undefined> {
    const record = await this.store.get(KIND, id);
    return record ? (JSON.parse(record) as Stored).manifest.economy : undefined;
  }

  /** Brings the federation in step with the store: registrations made or removed by other instances. */
  async sync(): Promise<void> {
    const stored = await this.store.list(KIND);
    for (const [id, record] of stored) {
      if (this.loaded.get(id) === record) continue;
      this.install((JSON.parse(record) as Stored).manifest, record);
    }
    for (const id of [...this.loaded.keys()]) {
      if (!stored.has(id)) {
        this.loaded.delete(id);
        await this.federation.remove(id);
      }
    }
  }

  private install(manifest: Manifest, record: string): void {
    this.loaded.set(manifest.id, record);
    this.federation.add(createDeclarativeConnector(manifest));
  }

}

/**
 * Reads up to 1,000 records of a manifest's catalogue, maps and validates them, and reports; stores
 * nothing. What `validateManifest` and `npm run validate-manifest` both answer.
 */
export async function dryRun(manifest: Manifest, transport: Transport): Promise<ConformanceReport> {
  try {
    return toReport(await createDeclarativeConnector(manifest).harvest({ transport, limit: VALIDATION_SAMPLE }));
  } catch (error) {
    return unreadable((error as Error).message);
  }
}

function unreadable(message: string): ConformanceReport {
  return { ok: false, sampled: 0, accepted: 0, rejected: 0, issues: [{ record: null, path: 'source', message }] };
}

/** A report from what a harvest kept and set aside (a snapshot carries the same three facts). */
function toReport(harvest: Pick<Harvest, 'products' | 'quarantined' | 'records'>): ConformanceReport {
  const rejected = harvest.records - harvest.products.length;
  return {
    ok: harvest.products.length > 0 && rejected === 0,
    sampled: harvest.records,
    accepted: harvest.products.length,
    rejected,
    issues: harvest.quarantined.slice(0, MAX_REPORTED_ISSUES),
  };
}
