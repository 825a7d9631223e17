import type { SecretBox } from '../auth/secrets';
import type { Logger } from '../log';
import type { RegistryStore } from '../stores/ports';
import { CONNECTOR_KIND } from './registered';

/**
 * The registry store with economies' upstream secrets sealed at rest: a connector record's
 * `manifest.source.headers` is written sealed under SECRETS_KEY (the rest of the manifest stays
 * readable for operators) and opened on every read, so the registrations and the federation see
 * the manifest as registered. Records stored before the key was set are read as they are and
 * sealed on their next write. A record whose headers cannot be opened is left out of listings,
 * with a warning, rather than failing every registration.
 */
export function sealedRegistry(store: RegistryStore, box: SecretBox, log: Logger): RegistryStore {
  const open = async (id: string, record: string): Promise<string | undefined> => {
    try {
      return await openHeaders(record, box);
    } catch (error) {
      log('warn', 'a registration cannot be read: its sealed headers do not open', { connector: id, error: (error as Error).message });
      return undefined;
    }
  };
  return {
    async list(kind) {
      const records = await store.list(kind);
      if (kind !== CONNECTOR_KIND) return records;
      const opened = new Map<string, string>();
      for (const [id, record] of records) {
        const plain = await open(id, record);
        if (plain !== undefined) opened.set(id, plain);
      }
      return opened;
    },
    async get(kind, id) {
      const record = await store.get(kind, id);
      return record === undefined || kind !== CONNECTOR_KIND ? record : open(id, record);
    },
    async put(kind, id, value) {
      await store.put(kind, id, kind === CONNECTOR_KIND ? await sealHeaders(value, box) : value);
    },
    delete: (kind, id) => store.delete(kind, id),
  };
}

type Record = { manifest?: { source?: { headers?: unknown } } };

/** The record with its headers sealed in place (the key order kept, so opening gives the same text back). */
async function sealHeaders(record: string, box: SecretBox): Promise<string> {
  if (!box.sealing) return record;
  const parsed = JSON.parse(record) as Record;
  const source = parsed.manifest?.source;
  if (!source?.headers || typeof source.headers !== 'object' || Object.keys(source.headers).length === 0) return record;
  source.headers = await box.seal(JSON.stringify(source.headers));
  return JSON.stringify(parsed);
}

/** The record with its headers opened in place; unsealed records as they are. */
async function openHeaders(record: string, box: SecretBox): Promise<string> {
  const parsed = JSON.parse(record) as Record;
  const source = parsed.manifest?.source;
  if (typeof source?.headers !== 'string') return record;
  source.headers = JSON.parse(await box.open(source.headers));
  return JSON.stringify(parsed);
}
