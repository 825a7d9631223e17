import type { Transport } from '../core/connector';
import { createUpstreamsApp } from './app';
import type { SampleReader } from './samples';

/**
 * The bundled sample catalogues as an in-process transport: the built-in connectors page through
 * them exactly as they would through the national servers, with no socket and no server wired
 * into the gateway. What CATALOGUE_SOURCE=bundled reads.
 */
export function createSampleTransport(read: SampleReader): Transport {
  const app = createUpstreamsApp(read);
  return async (url, init) => app.request(url, init);
}
