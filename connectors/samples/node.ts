import { readFile } from 'node:fs/promises';
import type { SampleReader } from './samples';

/** Reads the bundled sample files from this checkout. */
export const readSampleFromDisk: SampleReader = async (path) => {
  const buffer = await readFile(new URL(`../${path}`, import.meta.url));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
};
