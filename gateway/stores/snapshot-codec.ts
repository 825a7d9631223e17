import type { Snapshot } from '../federation/snapshot';

/** A snapshot as compact bytes: JSON, gzipped with the Web-standard CompressionStream. */
export async function encodeSnapshot(snapshot: Snapshot): Promise<Uint8Array> {
  const json = new Blob([JSON.stringify(snapshot)]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(json).arrayBuffer());
}

/** Bytes back to a snapshot; undefined when they are not one (a foreign or corrupt entry). */
export async function decodeSnapshot(bytes: Uint8Array): Promise<Snapshot | undefined> {
  try {
    const json = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    const value = JSON.parse(await new Response(json).text()) as Snapshot;
    const ok = typeof value.connector === 'string' && Array.isArray(value.products) && typeof value.fetchedAt === 'string';
    return ok ? value : undefined;
  } catch {
    return undefined;
  }
}
