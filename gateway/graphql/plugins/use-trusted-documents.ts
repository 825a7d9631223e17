import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { sha256Hex } from './use-automatic-persisted-queries';

/** The file GraphQL Code Generator's client preset writes (`persistedDocuments: true`): id → document text. */
const TrustedDocumentsFile = z.record(z.string().min(1).max(200), z.string().min(1));

const SHA256_PREFIX = 'sha256:';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The trusted documents of PERSISTED_DOCUMENTS_FILE (docs/contract.md, "Persisted documents"),
 * by id. An id may carry a `sha256:` prefix; a client may send it with or without one.
 */
export class TrustedDocuments {
  readonly #byId = new Map<string, string>();

  /** `documents` maps each id to its text, as the file does (none: no trusted documents). */
  constructor(documents: Record<string, string> = {}) {
    for (const [id, text] of Object.entries(documents)) {
      this.#byId.set(id, text);
      const bare = id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : id;
      if (SHA256_HEX.test(bare)) {
        this.#byId.set(bare, text);
        this.#byId.set(SHA256_PREFIX + bare, text);
      }
    }
  }

  /** Number of documents named in the file's ids (both spellings of an id count once per spelling). */
  get size(): number {
    return this.#byId.size;
  }

  /** The text of a trusted document, or undefined for an unknown id. */
  get(id: string): string | undefined {
    return this.#byId.get(id);
  }
}

/**
 * Parses a trusted documents file (JSON text) and checks it: every id that is a SHA-256 (64 hex
 * digits, optionally `sha256:`-prefixed) must be the hash of its text, so a file whose id and text
 * disagree stops the start instead of running a different document than the client asked for.
 */
export async function parseTrustedDocuments(text: string): Promise<TrustedDocuments> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`PERSISTED_DOCUMENTS_FILE is no JSON: ${(error as Error).message}`);
  }
  const parsed = TrustedDocumentsFile.safeParse(json);
  if (!parsed.success) throw new Error('PERSISTED_DOCUMENTS_FILE must be a JSON object of document ids to document texts');
  for (const [id, document] of Object.entries(parsed.data)) {
    const bare = id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : id;
    if (SHA256_HEX.test(bare) && (await sha256Hex(document)) !== bare) {
      throw new Error(`PERSISTED_DOCUMENTS_FILE: the id ${id} is not the SHA-256 of its document text`);
    }
  }
  return new TrustedDocuments(parsed.data);
}

export interface TrustedDocumentsOptions {
  documents: TrustedDocuments;
  /** Only trusted ids run; a text is refused with PERSISTED_DOCUMENT_REQUIRED. @default false */
  required?: boolean;
}

/**
 * The `documentId` of a request: the body's member (POST), or the URL's parameter (GET, which
 * yoga's own GET parser does not read).
 */
export function documentIdOf(params: object, request: Request): string | undefined {
  const fromBody = (params as { documentId?: unknown }).documentId;
  if (typeof fromBody === 'string') return fromBody;
  if (request.method !== 'GET') return undefined;
  const query = request.url.indexOf('?');
  return query < 0 ? undefined : (new URLSearchParams(request.url.slice(query + 1)).get('documentId') ?? undefined);
}

/**
 * Trusted documents (GraphQL Code Generator's `documentId`), with yoga's persisted operations
 * plugin: a known id runs its document, an unknown one is refused with PERSISTED_DOCUMENT_NOT_FOUND,
 * and in `required` mode a text is refused with PERSISTED_DOCUMENT_REQUIRED. A request with neither
 * is checked by yoga as it is without this plugin.
 */
export function useTrustedDocuments(options: TrustedDocumentsOptions): Plugin {
  const { documents, required = false } = options;
  const persisted = usePersistedOperations({
    allowArbitraryOperations: !required,
    extractPersistedOperationId: (params, request) => documentIdOf(params, request) ?? null,
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      notFound: () =>
        createGraphQLError('PersistedDocumentNotFound: no trusted document has this documentId', {
          extensions: { code: 'PERSISTED_DOCUMENT_NOT_FOUND', http: { status: 400 } },
        }),
      persistedQueryOnly: () =>
        createGraphQLError('Only trusted documents run here: send a documentId instead of the query text', {
          extensions: { code: 'PERSISTED_DOCUMENT_REQUIRED', http: { status: 400 } },
        }),
    },
  });
  const { onParams } = persisted;
  return {
    ...persisted,
    /**
     * Runs when yoga has the parameters: a request naming a document, or a text while documents are
     * required, goes to yoga's plugin; any other is left to yoga's own parameter checks, which answer
     * it exactly as they do without trusted documents.
     */
    onParams(payload) {
      if (documentIdOf(payload.params, payload.request) === undefined && !(required && payload.params.query != null)) return;
      return onParams?.(payload);
    },
  };
}
