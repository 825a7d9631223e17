import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { CacheStore } from '../../stores/ports';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The lower-case hex SHA-256 of a text's UTF-8 bytes (Web Crypto: both runtimes). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export interface LearnedDocumentsOptions {
  /** Where learned documents are shared with other instances; only a shared store (Redis, KV) is written. */
  store?: CacheStore;
  /** Bytes of learned texts kept in this process (UTF-16: two a character), oldest dropped first. @default 4 MiB */
  maxBytes?: number;
  /** Longest text learned, in characters; longer ones still run, they are just not remembered. @default 16 KiB */
  maxDocumentLength?: number;
  /** How long a learned document lives in the shared store. @default 86400 */
  ttlSeconds?: number;
}

/**
 * The documents automatic persisted queries have learned, by SHA-256: bounded in bytes in this
 * process, and shared through the cache store (with a time to live) when it is shared, so that a
 * client's hash learned by one instance runs on the others. Values read back from the store are
 * checked against their hash before they run.
 */
export class LearnedDocuments {
  readonly #local = new Map<string, string>();
  readonly #store: CacheStore | undefined;
  readonly #maxBytes: number;
  readonly #maxDocumentLength: number;
  readonly #ttlSeconds: number;
  #bytes = 0;

  constructor(options: LearnedDocumentsOptions = {}) {
    this.#store = options.store?.shared ? options.store : undefined;
    this.#maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.#maxDocumentLength = options.maxDocumentLength ?? 16 * 1024;
    this.#ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** The text learned under `hash` in this process (no waiting), or undefined. */
  peek(hash: string): string | undefined {
    return this.#local.get(hash);
  }

  /** The text learned under `hash` here or by another instance, or undefined. */
  async get(hash: string): Promise<string | undefined> {
    const local = this.#local.get(hash);
    if (local !== undefined || !this.#store || !SHA256_HEX.test(hash)) return local;
    const stored = await this.#store.get(storeKey(hash)).catch(() => undefined);
    if (!stored) return undefined;
    let text: string;
    try {
      text = decoder.decode(stored);
    } catch {
      return undefined;
    }
    if ((await sha256Hex(text)) !== hash) return undefined;
    this.#remember(hash, text);
    return text;
  }

  /** Learns a text under its (already checked) hash; too long a text is not learned. */
  learn(hash: string, text: string): void {
    if (text.length > this.#maxDocumentLength || this.#local.has(hash)) return;
    this.#remember(hash, text);
    void this.#store?.set(storeKey(hash), encoder.encode(text), this.#ttlSeconds).catch(() => undefined);
  }

  /** Texts and bytes held in this process, for tests and metrics. */
  stats(): { entries: number; bytes: number } {
    return { entries: this.#local.size, bytes: this.#bytes };
  }

  #remember(hash: string, text: string): void {
    if (text.length > this.#maxDocumentLength) return;
    this.#local.set(hash, text);
    this.#bytes += sizeOf(hash, text);
    for (const [oldest, old] of this.#local) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#local.delete(oldest);
      this.#bytes -= sizeOf(oldest, old);
    }
  }
}

const storeKey = (hash: string) => `apq:v1:${hash}`;
const sizeOf = (hash: string, text: string) => 2 * (hash.length + text.length);

/** Apollo's `extensions.persistedQuery`, when a request carries one. */
export interface PersistedQueryExtension {
  version: unknown;
  sha256Hash: unknown;
}

/** The request's `extensions.persistedQuery`, or undefined. */
export function persistedQueryOf(extensions: unknown): PersistedQueryExtension | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const pq = (extensions as { persistedQuery?: unknown }).persistedQuery;
  return typeof pq === 'object' && pq !== null ? (pq as PersistedQueryExtension) : undefined;
}

/** The extensions without `persistedQuery` (undefined when nothing else is left). */
export function withoutPersistedQuery(extensions: Record<string, unknown>): Record<string, unknown> | undefined {
  const { persistedQuery: _, ...rest } = extensions;
  return Object.keys(rest).length ? rest : undefined;
}

/** The hash an APQ request names, checked: version 1 and 64 hex digits (lower-cased). */
export function apqHash(pq: PersistedQueryExtension): string {
  const hash = typeof pq.sha256Hash === 'string' ? pq.sha256Hash.toLowerCase() : '';
  if (pq.version !== 1 || !SHA256_HEX.test(hash)) {
    throw createGraphQLError('persistedQuery must be { version: 1, sha256Hash: <64 hex digits> }', {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
  return hash;
}

export interface AutomaticPersistedQueriesOptions {
  /** Where learned documents live; undefined: APQ is off and every hash is PERSISTED_QUERY_NOT_SUPPORTED. */
  learned?: LearnedDocuments;
}

/**
 * Apollo's automatic persisted queries (docs/contract.md, "Persisted documents"). A hash alone runs
 * the document learned under it, or is refused with `PersistedQueryNotFound`
 * (PERSISTED_QUERY_NOT_FOUND), which Apollo's link answers by sending the text with its hash once;
 * that text is checked against the hash (a mismatch is refused) and learned. The extension is taken
 * out of the parameters, so what runs, and how the response cache keys it, is the plain document.
 * Runs before yoga checks the parameters, so a hash-only request never meets "Must provide query string."
 * Not `@graphql-yoga/plugin-apq`: its peer range (`@graphql-tools/utils` ^10) conflicts with the one
 * graphql-yoga 5.24 installs (^12), and its store is neither bounded in bytes nor checked on read.
 */
export function useAutomaticPersistedQueries(options: AutomaticPersistedQueriesOptions): Plugin {
  const { learned } = options;
  return {
    /** Runs when yoga has the request's parameters, before anything else looks at them. */
    onParams({ params, setParams }) {
      const pq = persistedQueryOf(params.extensions);
      if (!pq) return;
      if (!learned) {
        throw createGraphQLError('PersistedQueryNotSupported', { extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } });
      }
      const hash = apqHash(pq);
      const extensions = withoutPersistedQuery(params.extensions as Record<string, unknown>);
      if (typeof params.query === 'string') {
        const query = params.query;
        return sha256Hex(query).then((actual) => {
          if (actual !== hash) {
            throw createGraphQLError('provided sha does not match query', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          learned.learn(hash, query);
          setParams({ ...params, query, extensions });
        });
      }
      return learned.get(hash).then((query) => {
        if (query === undefined) throw createGraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
        setParams({ query, operationName: params.operationName, variables: params.variables, extensions });
      });
    },
  };
}
