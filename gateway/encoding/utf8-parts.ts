import { concatBytes } from './concat-bytes';

const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of texts laid end to end, each encoded on its own: a page of a thousand product
 * documents concatenated into one string and encoded at once costs five times as much in V8 (a
 * megabyte-sized two-byte string is encoded on a slow path), so answers built of many texts are
 * encoded text by text into one buffer.
 */
export function utf8OfParts(parts: readonly string[]): Uint8Array<ArrayBuffer> {
  return concatBytes(parts.map((part) => encoder.encode(part)));
}
