import type { ChangeLog, DigestPageOptions } from './change-log';
import type { RowDigest } from './row-digest';

/**
 * A connector's row digests from the log, a page at a time (`ChangeLog.digestPage`, walked from
 * the first page to the last): what a removal pass and a sweep read, holding one page at once.
 */
export async function* digestPages(
  log: Pick<ChangeLog, 'digestPage'>,
  connector: string,
  economy: string,
  options: Pick<DigestPageOptions, 'limit'> = {},
): AsyncGenerator<ReadonlyArray<readonly [string, RowDigest]>> {
  let after: string | null = null;
  do {
    const page = await log.digestPage(connector, economy, { ...options, after });
    if (page.digests.length > 0) yield page.digests;
    after = page.next;
  } while (after !== null);
}

/**
 * Every row digest of a connector, read whole into a map: for tests and for tools on a small
 * connector. A recording never calls it (on the edge a connector's digests do not fit its isolate).
 */
export async function allDigests(log: Pick<ChangeLog, 'digestPage'>, connector: string, economy: string): Promise<Map<string, RowDigest>> {
  const digests = new Map<string, RowDigest>();
  for await (const page of digestPages(log, connector, economy)) for (const [id, digest] of page) digests.set(id, digest);
  return digests;
}
