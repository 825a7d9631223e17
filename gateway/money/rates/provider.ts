import type { Transport } from '../../../connectors/core/connector';
import type { Logger } from '../../log';
import type { CacheStore } from '../../stores/ports';
import { mergeRateTables, parseRateFeed } from './feed';
import { RateTable } from './table';

const CACHE_KEY = 'rates:live';

export interface RateProviderOptions {
  /** The live feed (RATES_URL); without one, the bundled table is used. */
  url?: string;
  fallback: RateTable;
  /** The upstream pipeline the feed is read through (guard, deadline, byte cap); the platform's fetch by default. */
  fetch?: Transport;
  log?: Logger;
  /** Seconds a live table is used before the feed is asked again. */
  ttlSeconds?: number;
  timeoutMs?: number;
  /** Where instances share the last good live table (Redis, KV): one fetch serves them all. */
  cache?: CacheStore;
}

/**
 * The rate table in force: the live feed's last good table completed by the bundled one, or the
 * bundled one alone. A failing feed keeps the last good table; there is never no table.
 */
export class RateProvider {
  private table: RateTable;
  private fetchedAt = 0;
  private refreshing?: Promise<boolean>;

  constructor(private readonly options: RateProviderOptions) {
    this.table = options.fallback;
  }

  /** The table to convert with now. Asks the feed again in the background when the table is old. */
  current(): RateTable {
    const ttl = (this.options.ttlSeconds ?? 3600) * 1000;
    if (this.options.url && Date.now() - this.fetchedAt > ttl) void this.refresh();
    return this.table;
  }

  /** Asks the feed now (joining a request under way); true when a new table was taken. */
  refresh(): Promise<boolean> {
    if (!this.options.url) return Promise.resolve(false);
    return (this.refreshing ??= this.load().finally(() => (this.refreshing = undefined)));
  }

  private async load(): Promise<boolean> {
    const { url, fallback, log = () => {}, cache } = this.options;
    const ttl = (this.options.ttlSeconds ?? 3600) * 1000;
    this.fetchedAt = Date.now();
    if (cache?.shared) {
      const shared = await cache.get(CACHE_KEY).catch(() => undefined);
      const stored = shared && (JSON.parse(new TextDecoder().decode(shared)) as { fetchedAt: number; table: unknown });
      const table = stored && RateTable.safeParse(stored.table);
      if (stored && table?.success && Date.now() - stored.fetchedAt < ttl) {
        this.table = table.data;
        this.fetchedAt = stored.fetchedAt;
        return true;
      }
    }
    try {
      const response = await (this.options.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i)))(url!, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        headers: { accept: 'application/xml, application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const live = parseRateFeed(await response.text(), response.headers.get('content-type') ?? '');
      this.table = mergeRateTables(live, fallback);
      log('info', 'exchange rates loaded', { asOf: this.table.asOf, source: this.table.source });
      const record = new TextEncoder().encode(JSON.stringify({ fetchedAt: this.fetchedAt, table: this.table }));
      await cache?.set(CACHE_KEY, record, (ttl / 1000) * 24).catch(() => {});
      return true;
    } catch (error) {
      log('warn', 'exchange-rate feed failed; keeping the last good table', { error: (error as Error).message, asOf: this.table.asOf });
      return false;
    }
  }
}
