import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SampleReader } from '../../../connectors/samples/samples';

/**
 * Where the sample catalogues are: `connectors/` three folders up in the source tree
 * (gateway/runtime/node/), or `../connectors/` from the compiled entry in dist/.
 */
const SAMPLES_ROOT =
  [new URL('../../../connectors/', import.meta.url), new URL('../connectors/', import.meta.url)].find((root) => existsSync(new URL('jp/sample/', root))) ??
  new URL('../../../connectors/', import.meta.url);

/** Reads the bundled sample files from this checkout. */
export const readSampleFromDisk: SampleReader = async (path) => {
  const buffer = await readFile(new URL(path, SAMPLES_ROOT));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
};
