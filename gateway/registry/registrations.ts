import { createDeclarativeConnector } from '../../connectors/declarative/index';
import { Manifest, manifestIssues } from '../../schemas/manifest';
import { badInput, gatewayError } from '../errors';
import type { Federation } from '../federation/federation';
import { servedProducts } from '../federation/snapshot';
import type { Logger } from '../log';
import type { RegistryStore } from '../stores/ports';
import { assertFetchable, type GuardOptions } from '../upstream/ssrf-guard';
import type { Transport } from '../../connectors/core/connector';
import { sourceHeaderIssues } from './source-headers';
import { bumpRegistryVersion, CONNECTOR_KIND, type StoredRegistration } from './registered';
import { type ConformanceReport, dryRun, toReport, unreadable } from './dry-run';

const KIND = CONNECTOR_KIND;

export { dryRun, VALIDATION_SAMPLE, type ConformanceIssue, type ConformanceReport } from './dry-run';

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
    return dryRun(manifest, this.dryRunTransport(), this.federation.gtinAdmission);
  }

  /**
   * Dry-runs the manifest first: one whose sample accepts no record is refused (BAD_USER_INPUT,
   * with the dry run's issues) and nothing is stored. Else stores it (acknowledged only once
   * stored), harvests the whole catalogue, and reports, the dry run's warnings first.
   */
  async register(manifest: Manifest): Promise<ConformanceReport> {
    const trial = await this.validate(manifest);
    if (trial.accepted === 0) {
      const why = trial.issues.find((i) => i.severity === 'ERROR') ?? trial.issues[0];
      throw badInput(
        `nothing was registered: the dry run accepted none of the ${trial.sampled} records it read${why ? ` (${why.path}: ${why.message})` : ''}`,
        { issues: trial.issues },
      );
    }
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
    const report = harvest ? toReport({ ...harvest, accepted: servedProducts(harvest) }) : unreadable(view.lastError ?? 'no harvest');
    const warnings = trial.issues.filter((i) => i.severity === 'WARNING' && i.path.startsWith('mapping.'));
    return { ...report, issues: [...warnings, ...report.issues] };
  }

  /** Removes a registered connector and its products. */
  async remove(id: string): Promise<boolean> {
    const existed = await this.store.delete(KIND, id);
    await this.federation.remove(id);
    await this.federation
      .forgetHarvests(id)
      .catch((error) => this.log('warn', 'could not forget the harvest reports; they stay, bounded', { connector: id, error: (error as Error).message }));
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
