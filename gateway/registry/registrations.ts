import type { Harvest } from '../../connectors/core/connector';
import { createDeclarativeConnector } from '../../connectors/declarative/index';
import { Manifest, manifestIssues } from '../../schemas/manifest';
import { badInput, gatewayError } from '../errors';
import type { Federation } from '../federation/federation';
import type { Logger } from '../log';
import type { RegistryStore } from '../stores/ports';
import { assertFetchable, type GuardOptions } from '../upstream/ssrf-guard';
import type { Transport } from '../../connectors/core/connector';
import { sourceHeaderIssues } from './source-headers';
import type { GtinOwners } from '../federation/gtin-owners';
import { bumpRegistryVersion, CONNECTOR_KIND, type StoredRegistration } from './registered';

const KIND = CONNECTOR_KIND;
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

type Stored = StoredRegistration;

/** What Registrations works with. */
export interface RegistrationsOptions {
  /** Where manifests are kept (memory, Redis, KV). */
  store: RegistryStore;
  /** Where registered connectors are added, replaced and removed. */
  federation: Federation;
  /** Makes a fresh upstream pipeline (its own breaker) with the harvests' budget and guard, for one dry run. */
  dryRunTransport: () => Transport;
  /** The SSRF guard a manifest's source URL is checked against before a dry run. */
  guard: GuardOptions;
  log: Logger;
}

/**
 * Connector registrations: manifests kept in the registry store (memory, Redis, KV), turned into
 * declarative connectors in the federation. Every change moves the registry version on, which the
 * other instances' federations read (gateway/registry/registered.ts).
 */
export class Registrations {
  private readonly store: RegistryStore;
  private readonly federation: Federation;
  private readonly dryRunTransport: () => Transport;
  private readonly guard: GuardOptions;
  private readonly log: Logger;

  constructor(options: RegistrationsOptions) {
    this.store = options.store;
    this.federation = options.federation;
    this.dryRunTransport = options.dryRunTransport;
    this.guard = options.guard;
    this.log = options.log;
  }

  /** Parses a manifest strictly; every problem with its path is BAD_USER_INPUT. */
  parse(input: unknown): Manifest {
    const parsed = Manifest.safeParse(input);
    const issues = parsed.success ? sourceHeaderIssues(parsed.data.source.headers) : manifestIssues(parsed.error);
    if (!parsed.success || issues.length > 0) {
      throw badInput(`the manifest is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    return parsed.data;
  }

  /** Dry run: reads up to 1,000 records, maps and validates them, stores nothing. */
  async validate(manifest: Manifest): Promise<ConformanceReport> {
    await assertFetchable(manifest.source.url, this.guard);
    return dryRun(manifest, this.dryRunTransport(), this.federation.gtinOwners);
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
    await this.federation.remove(manifest.id, { replaced: true });
    this.federation.install(manifest.id, record, createDeclarativeConnector(manifest));
    await this.bump();
    this.log('info', 'connector registered', { connector: manifest.id, economy: manifest.economy });
    await this.federation.refresh(manifest.id);
    const view = this.federation.connectors().find((c) => c.id === manifest.id)!;
    const harvest = this.federation.lastHarvest(manifest.id);
    return harvest ? toReport({ ...harvest, accepted: harvest.catalogue.size }) : unreadable(view.lastError ?? 'no harvest');
  }

  /** Removes a registered connector and its products. */
  async remove(id: string): Promise<boolean> {
    const existed = await this.store.delete(KIND, id);
    await this.federation.remove(id);
    await this.bump();
    return existed;
  }

  /** The economy of a registered connector, if it is one. */
  async economyOf(id: string): Promise<string | undefined> {
    const record = await this.store.get(KIND, id);
    return record ? (JSON.parse(record) as Stored).manifest.economy : undefined;
  }

  /** Tells the other instances (a failure only delays them until the next change). */
  private async bump(): Promise<void> {
    await bumpRegistryVersion(this.store).catch((error) => this.log('warn', 'could not move the registry version on', { error: (error as Error).message }));
  }
}

/**
 * Reads up to 1,000 records of a manifest's catalogue, maps and validates them, and reports; stores
 * nothing. What `validateManifest` and `npm run validate-manifest` both answer.
 */
export async function dryRun(manifest: Manifest, transport: Transport, owners?: GtinOwners): Promise<ConformanceReport> {
  const refused = sourceHeaderIssues(manifest.source.headers);
  if (refused.length > 0) return { ok: false, sampled: 0, accepted: 0, rejected: 0, issues: refused.map((i) => ({ record: null, ...i })) };
  try {
    const harvest = await createDeclarativeConnector(manifest).harvest({ transport, limit: VALIDATION_SAMPLE });
    // Records whose GTIN another economy's connector owns would be quarantined: the dry run says so (claiming nothing).
    const conflicts = owners ? harvest.products.flatMap((p) => owners.admit(manifest, p, false) ?? []) : [];
    if (conflicts.length === 0) return toReport(harvest);
    return toReport({ ...harvest, accepted: harvest.accepted - conflicts.length, quarantined: [...harvest.quarantined, ...conflicts] });
  } catch (error) {
    return unreadable((error as Error).message);
  }
}

function unreadable(message: string): ConformanceReport {
  return { ok: false, sampled: 0, accepted: 0, rejected: 0, issues: [{ record: null, path: 'source', message }] };
}

/** A report from what a harvest kept and set aside (a snapshot carries the same three facts). */
function toReport(harvest: Pick<Harvest, 'accepted' | 'quarantined' | 'records' | 'truncated'>): ConformanceReport {
  const rejected = harvest.records - harvest.accepted;
  // A truncated harvest says so first, as an issue of the source's pagination.
  const truncation = harvest.truncated ? [{ record: null, path: 'source.pagination', message: harvest.truncated }] : [];
  return {
    ok: harvest.accepted > 0 && rejected === 0 && !harvest.truncated,
    sampled: harvest.records,
    accepted: harvest.accepted,
    rejected,
    issues: [...truncation, ...harvest.quarantined].slice(0, MAX_REPORTED_ISSUES),
  };
}
