import type { Transport } from './connector';
import { CatalogueError } from './errors';

/** Largest upstream response read, in bytes: a national catalogue page is far below this. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * GET a catalogue resource as bytes. A non-2xx answer, a network error or an oversized body makes
 * the catalogue unreadable for this harvest.
 */
export async function fetchBytes(transport: Transport, url: string, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await transport(url, signal ? { signal } : {});
  } catch (error) {
    throw new CatalogueError(`could not reach ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CatalogueError(`${redactUrl(url)} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new CatalogueError(`${redactUrl(url)} sent ${declared} bytes, over the ${MAX_RESPONSE_BYTES}-byte cap`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_RESPONSE_BYTES) {
    throw new CatalogueError(`${redactUrl(url)} sent over the ${MAX_RESPONSE_BYTES}-byte cap`);
  }
  return bytes;
}

/** A URL safe to show in a status or log: no credentials, no query string. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

/** Parses JSON bytes, or reports the catalogue unreadable. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CatalogueError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}
