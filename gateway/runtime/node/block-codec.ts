import { deflateSync, inflateSync } from 'node:zlib';
import type { BlockCodec } from '../../federation/storage/document-blocks';

/**
 * Document blocks through node:zlib, synchronously: inflating a page's blocks costs a fraction of
 * a millisecond (the Web streams pay several event-loop turns per block), and a harvest compresses
 * each block as it fills instead of queueing them. Kept blocks are exact-size copies.
 */
export const nodeBlockCodec: BlockCodec = {
  // A copy: the result is a view of zlib's 16 KiB output chunk, which a small block would keep alive.
  deflate: (bytes) => new Uint8Array(deflateSync(bytes)),
  inflate: (bytes) => inflateSync(bytes),
};
