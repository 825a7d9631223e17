import { concatBytes } from '../encoding/concat-bytes';
import { formatBytes, UpstreamError } from './upstream-error';

/**
 * Reads a body into memory, stopping as soon as it passes `maxBytes` (the rest is never read, and
 * the connection is cancelled), or when `signal` aborts: a 300 MB body costs at most the cap, and a
 * body that never ends costs at most the deadline.
 */
export async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const tooLarge = () => new UpstreamError('too-large', `body exceeded ${formatBytes(maxBytes)}`);
  // Cancelling only releases the connection after the outcome is decided (too large, or aborted); a
  // cancel that fails has nothing left to release, and the outcome is what the caller is told.
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const stop = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', stop);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}
