import type { Connector } from '../../connectors/core/connector';
import type { Logger } from '../log';
import type { RegisteredConnectors } from './registered-connectors';

export interface RegistryFollowerOptions {
  /** The registered connectors, as the registry (of every instance) writes them. */
  registered: RegisteredConnectors;
  /** Installs a registered connector from its record (adds or replaces it in the federation). */
  install: (id: string, record: string, connector: Connector) => void;
  /** Removes a connector that is no longer registered. */
  remove: (id: string) => Promise<unknown>;
  log: Logger;
  /** Least time between two reads of the registry's version. @default 2000 */
  everyMs?: number;
}

/**
 * Keeps this instance's registered connectors in step with the registry, where other instances
 * register and remove them too: reads the registry's version at most every `everyMs`, and its
 * records only when the version moved.
 */
export class RegistryFollower {
  private readonly options: RegistryFollowerOptions;
  private readonly everyMs: number;
  /** The registry version the installed connectors match (null: never read). */
  private version: string | undefined | null = null;
  /** The record each installed registered connector was built from, by id. */
  private readonly installed = new Map<string, string>();
  private checkedAt = -Infinity;
  private checking?: Promise<void>;

  constructor(options: RegistryFollowerOptions) {
    this.options = options;
    this.everyMs = options.everyMs ?? 2000;
  }

  /** Notes that `id` now runs from `record` (a registration made here, or read from the registry). */
  note(id: string, record: string): void {
    this.installed.set(id, record);
  }

  /** Forgets a connector removed from the federation. */
  forget(id: string): void {
    this.installed.delete(id);
  }

  /**
   * Resolves once the connectors match the registry as last read: starts a read when the last one is
   * older than `everyMs`, else joins the one under way. A registry that cannot be read is logged and
   * leaves the connectors as they are.
   */
  inStep(): Promise<void> | undefined {
    if (Date.now() - this.checkedAt < this.everyMs) return this.checking;
    this.checkedAt = Date.now();
    this.checking = this.follow().catch((error) => this.options.log('warn', 'could not read registrations', { error: (error as Error).message }));
    return this.checking;
  }

  private async follow(): Promise<void> {
    const { registered, install, remove } = this.options;
    const version = await registered.version();
    if (version === this.version) return;
    const records = await registered.records();
    for (const [id, record] of records) {
      if (this.installed.get(id) !== record) install(id, record, registered.connectorOf(record));
    }
    for (const id of [...this.installed.keys()]) if (!records.has(id)) await remove(id);
    this.version = version;
  }
}
