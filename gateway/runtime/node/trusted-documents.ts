import { readFile } from 'node:fs/promises';
import type { Config } from '../../config';
import { parseTrustedDocuments, type TrustedDocuments } from '../../graphql/plugins/use-trusted-documents';

/**
 * The trusted documents of PERSISTED_DOCUMENTS_FILE (relative to the working directory), checked;
 * none when it is unset. PERSISTED_DOCUMENTS=required without a file would refuse every request,
 * so it stops the start instead.
 */
export async function readTrustedDocuments(config: Pick<Config, 'PERSISTED_DOCUMENTS_FILE' | 'PERSISTED_DOCUMENTS'>): Promise<TrustedDocuments | undefined> {
  const file = config.PERSISTED_DOCUMENTS_FILE;
  if (!file) {
    if (config.PERSISTED_DOCUMENTS === 'required') throw new Error('PERSISTED_DOCUMENTS=required needs PERSISTED_DOCUMENTS_FILE');
    return undefined;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`PERSISTED_DOCUMENTS_FILE ${file}: ${(error as Error).message}`);
  }
  return parseTrustedDocuments(text);
}
