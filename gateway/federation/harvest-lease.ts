import type { Logger } from '../log';
import type { CacheStore } from '../stores/ports';
import type { Snapshot } from './snapshot';

/** How long one instance holds a connector's harvest for the others (and how long they wait for its snapshot). */
const HARVEST_LEASE_MS = 60_000;
/** How often a waiting instance looks for the lease holder's snapshot. */
const LEASE_POLL_MS = 100;

export interface HarvestLeaseOptions {
  /** The store the instances share, with its leases. */
  cache: CacheStore;
  connector: string;
  log: Logger;
  /** When the snapshot served now was fetched (empty when none): a shared one newer than it is the holder's. */
  since: string;
  /** The connector's shared snapshot, if any (undefined also when it cannot be read). */
  loadShared: () => Promise<Snapshot | undefined>;
  /** Serves the holder's snapshot here instead of harvesting. */
  adopt: (snapshot: Snapshot) => void;
  /** Harvests the connector (and shares its snapshot). */
  harvest: () => Promise<void>;
}

/**
 * Harvests once across the instances sharing the cache store: the holder of the connector's lease
 * harvests and shares its snapshot; the others wait for that snapshot (newer than what they
 * serve), and harvest themselves only if the holder let go without sharing one, or never answers.
 * A store without leases, or not shared, harvests here at once.
 */
export async function harvestOnce(options: HarvestLeaseOptions): Promise<void> {
  const { cache, connector, log, since, loadShared, adopt, harvest } = options;
  if (!cache.shared || !cache.lease) return harvest();
  const key = leaseKey(connector);
  const take = () =>
    cache.lease!(key, HARVEST_LEASE_MS).catch((error) => {
      // Better two instances harvest than none: a store that cannot lease lets this one go ahead.
      log('warn', 'could not take the harvest lease; harvesting without it', { connector, error: (error as Error).message });
      return true;
    });
  const deadline = Date.now() + HARVEST_LEASE_MS;
  let waited = false;
  while (!(await take())) {
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
    if (Date.now() > deadline) break;
    // While the lease is held, only its small value is read; the snapshot once it is let go.
    if (await holderStillThere(cache, key, { connector, log })) continue;
    const shared = await loadShared();
    if (shared && shared.fetchedAt > since) return adopt(shared);
  }
  try {
    // The holder may have let go between our last look and this take: its snapshot is then new.
    const shared = waited ? await loadShared() : undefined;
    if (shared && shared.fetchedAt > since) return adopt(shared);
    await harvest();
  } finally {
    await cache
      .delete(key)
      .catch((error) => log('warn', 'could not let go of the harvest lease; it expires by itself', { connector, error: (error as Error).message }));
  }
}

/** True while the lease is held; a lease that cannot be read counts as let go (then the snapshot is looked for). */
async function holderStillThere(cache: CacheStore, key: string, { connector, log }: { connector: string; log: Logger }): Promise<boolean> {
  try {
    return Boolean(await cache.get(key));
  } catch (error) {
    log('warn', 'could not read the harvest lease', { connector, error: (error as Error).message });
    return false;
  }
}

/** The lease of one connector's harvest; the braces are a Redis Cluster hash tag (one slot per connector). */
function leaseKey(connectorId: string): string {
  return `harvest-lease:{${connectorId}}`;
}
