import type { Connector } from '../../connectors/core/connector';

/**
 * The registered connectors as the federation reads them: a version that changes with every
 * registration or removal (one small read), and the records, read only when the version moved.
 * The federation defines this port and reads it; the registry implements it (`registry/registered.ts`).
 */
export interface RegisteredConnectors {
  version(): Promise<string | undefined>;
  records(): Promise<Map<string, string>>;
  connectorOf(record: string): Connector;
}
