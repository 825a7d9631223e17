import { CONTEXT_PATH, OVOP_CONTEXT } from '../../schemas/jsonld/context';

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * A JSON-LD document loader that never touches the network: the shared context is served from
 * the repository, whatever origin its URL names; every other URL is refused.
 */
export async function localDocumentLoader(url: string): Promise<RemoteDocument> {
  if (new URL(url).pathname === CONTEXT_PATH) return { contextUrl: null, documentUrl: url, document: OVOP_CONTEXT };
  throw new Error(`refusing to load ${url}: only the bundled OVOP context is available offline`);
}
