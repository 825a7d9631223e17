import { createDeclarativeConnector } from '../../connectors/declarative/index';
import type { Manifest } from '../../schemas/manifest';
import type { RegisteredConnectors } from '../federation/registered-connectors';
import type { RegistryStore } from '../stores/ports';

/** The registry kind of connector manifests. */
export const CONNECTOR_KIND = 'connector';
const META_KIND = 'meta';
const VERSION_ID = 'registrations-version';

/** A registration as the registry store keeps it. */
export interface StoredRegistration {
  manifest: Manifest;
  registeredAt: string;
}

/** The registered connectors of a registry store (memory, Redis, KV). */
export function registeredConnectors(store: RegistryStore): RegisteredConnectors {
  return {
    version: () => store.get(META_KIND, VERSION_ID),
    records: () => store.list(CONNECTOR_KIND),
    connectorOf: (record) => createDeclarativeConnector((JSON.parse(record) as StoredRegistration).manifest),
  };
}

/** Moves the registry version on, after a registration or removal is stored: other instances then read the records again. */
export async function bumpRegistryVersion(store: RegistryStore): Promise<void> {
  await store.put(META_KIND, VERSION_ID, `${Date.now().toString(36)}-${crypto.randomUUID()}`);
}
