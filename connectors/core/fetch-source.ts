import type { Transport } from './connector';
import { CatalogueError } from './errors';

/**
 * GET a catalogue resource as bytes. A non-2xx answer or a failed request makes the catalogue
 * unreadable for this harvest. The transport (the gateway's upstream pipeline) enforces the byte
 * cap while the body streams and the deadline; its error messages are public text (no URL), and so
 * are the ones made here.
 */
export async function fetchBytes(transport: Transport, url: string, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await transport(url, signal ? { signal } : {});
  } catch (error) {
    throw new CatalogueError((error as Error).message, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CatalogueError(`upstream answered HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Parses JSON bytes, or reports the catalogue unreadable. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CatalogueError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}
