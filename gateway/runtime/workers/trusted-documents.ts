import type { Config } from '../../config';
import { parseTrustedDocuments, type TrustedDocuments } from '../../graphql/plugins/use-trusted-documents';
import type { Logger } from '../../log';

/** The module specifier the Worker imports its trusted documents from (wrangler.toml's `[alias]`). */
export const PERSISTED_DOCUMENTS_MODULE = 'ovop-persisted-documents';

/** What the Worker's trusted documents are made of. */
export interface BundledTrustedDocumentsOptions {
  /** The bundled module's JSON: a documents file as GraphQL Code Generator writes it, or `{}` (none). */
  bundled: unknown;
  config: Pick<Config, 'PERSISTED_DOCUMENTS_FILE' | 'PERSISTED_DOCUMENTS'>;
  log: Logger;
}

const isEmptyObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * The Workers build's trusted documents: Workers have no file system at run time, so the documents
 * file is bundled at build time (docs/deploy-workers.md) and checked here as Node checks the file of
 * PERSISTED_DOCUMENTS_FILE (every hash id the SHA-256 of its text); none when the bundle holds `{}`.
 * PERSISTED_DOCUMENTS=required without documents would refuse every request, so it throws instead;
 * PERSISTED_DOCUMENTS_FILE, which nothing reads here, is logged rather than silently ignored.
 */
export async function bundledTrustedDocuments(options: BundledTrustedDocumentsOptions): Promise<TrustedDocuments | undefined> {
  const { bundled, config, log } = options;
  if (config.PERSISTED_DOCUMENTS_FILE) {
    log('warn', 'PERSISTED_DOCUMENTS_FILE is not read on Workers: trusted documents are bundled at build time (docs/deploy-workers.md)', {
      file: config.PERSISTED_DOCUMENTS_FILE,
    });
  }
  if (isEmptyObject(bundled)) {
    if (config.PERSISTED_DOCUMENTS === 'required') {
      throw new Error(
        `PERSISTED_DOCUMENTS=required needs trusted documents: on Workers they are bundled at build time; point wrangler.toml's [alias] "${PERSISTED_DOCUMENTS_MODULE}" at the documents file (docs/deploy-workers.md)`,
      );
    }
    return undefined;
  }
  let documents: TrustedDocuments;
  try {
    documents = await parseTrustedDocuments(JSON.stringify(bundled ?? null));
  } catch (error) {
    throw new Error(`${PERSISTED_DOCUMENTS_MODULE} (bundled): ${(error as Error).message}`);
  }
  log('info', 'trusted documents bundled', { documents: Object.keys(bundled as object).length, required: config.PERSISTED_DOCUMENTS === 'required' });
  return documents;
}
