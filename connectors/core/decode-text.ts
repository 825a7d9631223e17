import { CatalogueError } from './errors';

/**
 * Bytes to text in any WHATWG encoding (utf-8, shift_jis, windows-874, ...). Strict: bytes that are
 * not valid in that encoding make the whole catalogue unreadable, never silently replaced.
 */
export function decodeText(bytes: Uint8Array, encoding = 'utf-8'): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new CatalogueError(`unknown text encoding "${encoding}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CatalogueError(`the catalogue is not valid ${decoder.encoding}`);
  }
}
