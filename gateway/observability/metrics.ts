import { PRODUCT_CHANGE_TYPES, type ProductChangeType } from '../changes/event';

/**
 * The gateway's metrics, in memory, rendered as Prometheus text exposition 0.0.4. Web-standard:
 * on Node one registry serves the whole process; on Workers each isolate keeps its own.
 *
 * Label values are bounded: routes are route patterns, operation types and outcomes come from
 * fixed sets, statuses are HTTP codes, connectors are the registered ones; past `maxSeries` label
 * sets per metric, new ones are counted under `other`.
 */

/** Upper bounds of the latency histogram, in seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription', 'none']);
export type UpstreamOutcome = 'ok' | 'client_error' | 'server_error' | 'timeout' | 'error';

/**
 * Why the direct GraphQL executor handed a request to yoga: `parameters` (a body it does not take
 * as it is: another key, `extensions`), `unprepared` (a query text yoga has not accepted yet, or
 * no query at all: a mutation), `media_type` (an Accept it does not answer), `limits` (the query
 * limits refuse these variables), `execution` (the result would carry an error), and
 * `connector_unavailable` (yoga adds CONNECTOR_UNAVAILABLE to such answers).
 */
export const DIRECT_FALLBACK_REASONS = ['parameters', 'unprepared', 'media_type', 'limits', 'execution', 'connector_unavailable'] as const;
export type DirectFallbackReason = (typeof DIRECT_FALLBACK_REASONS)[number];

/** A connector as /metrics reports it (Federation's ConnectorView has these fields). */
export interface ConnectorGauge {
  id: string;
  status: 'UP' | 'DEGRADED' | 'DOWN';
  productCount: number;
  quarantined: number;
  lastRefresh: string | null;
}

export interface RequestSample {
  /** The route pattern (`/products/:id`), never the raw path. */
  route: string;
  /** `query`, `mutation`, `subscription`, or `none` outside GraphQL. */
  operation: string;
  status: number;
  seconds: number;
}

export interface MetricsOptions {
  /** Most label sets per metric. */
  maxSeries?: number;
  /** Says where the counters live, in every HELP text (e.g. "this Workers isolate"). */
  scope?: string;
  now?: () => number;
}

class Counter {
  readonly values = new Map<string, number>();
  constructor(private readonly maxSeries: number) {}
  inc(labels: string, by = 1) {
    const key = this.values.has(labels) || this.values.size < this.maxSeries ? labels : OTHER;
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
}

interface RequestSeries {
  /** `route="…",operation="…"`, escaped once. */
  labels: string;
  /** Requests by status. */
  statuses: Map<number, number>;
  /** Requests per latency bucket (not cumulative; rendering adds them up). */
  buckets: number[];
  sum: number;
  count: number;
}

const OTHER = 'overflow="true"';
/** The route label past `maxSeries` routes: never reached with the gateway's own routes. */
const OVERFLOW = 'overflow';

/** Counters and histograms of one process or isolate, with a small API for the code that counts. */
export class Metrics {
  /** route → operation → series: the hot path looks two maps up and builds no string. */
  private readonly series = new Map<string, Map<string, RequestSeries>>();
  private seriesCount = 0;
  private readonly cache: Counter;
  private readonly upstreams: Counter;
  private readonly refused: Counter;
  private readonly fallbacks: Counter;
  private readonly changeEvents: Counter;
  /** The change log as last looked at: its entries and when its oldest retained one happened (ms). */
  private changeLog: { events: number; oldestAt: number | null } | undefined;
  /** How many change-stream clients (SSE streams and subscriptions) this process serves now. */
  private streamClients: (() => number) | undefined;
  private readonly maxSeries: number;
  private readonly scope: string;
  private readonly now: () => number;

  constructor(options: MetricsOptions = {}) {
    this.maxSeries = options.maxSeries ?? 500;
    this.scope = options.scope ?? 'this process';
    this.now = options.now ?? Date.now;
    this.cache = new Counter(2);
    this.upstreams = new Counter(this.maxSeries);
    this.refused = new Counter(1);
    this.fallbacks = new Counter(DIRECT_FALLBACK_REASONS.length);
    // Every reason from the start: a rate of fallbacks needs the series before the first one.
    for (const reason of DIRECT_FALLBACK_REASONS) this.fallbacks.values.set(`reason="${reason}"`, 0);
    this.changeEvents = new Counter(PRODUCT_CHANGE_TYPES.length);
    for (const type of PRODUCT_CHANGE_TYPES) this.changeEvents.values.set(`type="${type}"`, 0);
  }

  /** Counts change events this process wrote to the log, by type (a duplicate another instance wrote first is not counted). */
  changesWritten(types: readonly ProductChangeType[]): void {
    for (const type of types) this.changeEvents.inc(`type="${type}"`);
  }

  /**
   * The change log's size as last read (after each recording, sweep and trim): its entries over
   * every economy (null when the store does not count them) and its oldest entry's time.
   */
  changeLogState(events: number | null, oldestAt: string | null): void {
    this.changeLog = events === null && oldestAt === null ? undefined : { events: events ?? -1, oldestAt: oldestAt ? Date.parse(oldestAt) : null };
  }

  /** Names where the number of change-stream clients is read (the change tail's followers), for ovop_change_stream_clients. */
  changeStreamClients(count: () => number): void {
    this.streamClients = count;
  }

  /** Counts one answered request and its latency. */
  request({ route, operation, status, seconds }: RequestSample): void {
    const type = OPERATION_TYPES.has(operation) ? operation : 'none';
    let byOperation = this.series.get(route);
    if (!byOperation) {
      if (this.series.size >= this.maxSeries && route !== OVERFLOW) {
        this.request({ route: OVERFLOW, operation, status, seconds });
        return;
      }
      byOperation = new Map();
      this.series.set(route, byOperation);
    }
    let series = byOperation.get(type);
    if (!series) {
      if (this.seriesCount >= this.maxSeries && route !== OVERFLOW) {
        this.request({ route: OVERFLOW, operation, status, seconds });
        return;
      }
      this.seriesCount++;
      series = { labels: `route="${escapeLabel(route)}",operation="${type}"`, statuses: new Map(), buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      byOperation.set(type, series);
    }
    const code = Number.isInteger(status) && status >= 100 && status < 600 ? status : 0;
    series.statuses.set(code, (series.statuses.get(code) ?? 0) + 1);
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]!) bucket++;
    if (bucket < LATENCY_BUCKETS.length) series.buckets[bucket]!++;
    series.sum += seconds;
    series.count++;
  }

  /** Counts one look-up of the GraphQL response cache. */
  responseCache(hit: boolean): void {
    this.cache.inc(`result="${hit ? 'hit' : 'miss'}"`);
  }

  /** Counts one request refused by the rate limit. */
  rateLimited(): void {
    this.refused.inc('');
  }

  /**
   * Counts one request the direct executor handed to yoga, by reason: a regression of the direct
   * path (a plan that gives up, a shape it stops taking) shows here, not only in the bench.
   */
  directFallback(reason: DirectFallbackReason): void {
    this.fallbacks.inc(`reason="${reason}"`);
  }

  /** Counts one outbound request to an upstream catalogue (each attempt, each redirect hop). */
  upstream(connector: string, outcome: UpstreamOutcome): void {
    this.upstreams.inc(`connector="${escapeLabel(connector)}",outcome="${outcome}"`);
  }

  /** The exposition text: these counters plus each connector's state as it is now. */
  render(connectors: ConnectorGauge[]): string {
    const out: string[] = [];
    const help = (name: string, type: string, text: string) => out.push(`# HELP ${name} ${text} (counted by ${this.scope})`, `# TYPE ${name} ${type}`);
    const counter = (name: string, text: string, counter: Counter) => {
      help(name, 'counter', text);
      for (const [labels, value] of counter.values) out.push(`${name}${labels ? `{${labels}}` : ''} ${value}`);
    };
    const all = [...this.series.values()].flatMap((byOperation) => [...byOperation.values()]);
    help('ovop_http_requests_total', 'counter', 'HTTP requests answered, by route pattern, GraphQL operation type and status');
    for (const series of all) for (const [status, n] of series.statuses) out.push(`ovop_http_requests_total{${series.labels},status="${status}"} ${n}`);
    help('ovop_http_request_duration_seconds', 'histogram', 'Time to answer a request, by route pattern and GraphQL operation type');
    for (const { labels, buckets, sum, count } of all) {
      let cumulative = 0;
      for (const [i, le] of LATENCY_BUCKETS.entries()) {
        cumulative += buckets[i]!;
        out.push(`ovop_http_request_duration_seconds_bucket{${labels},le="${le}"} ${cumulative}`);
      }
      out.push(`ovop_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${count}`);
      out.push(`ovop_http_request_duration_seconds_sum{${labels}} ${sum}`);
      out.push(`ovop_http_request_duration_seconds_count{${labels}} ${count}`);
    }
    if (!this.cache.values.size) this.cache.values.set('result="hit"', 0).set('result="miss"', 0);
    counter('ovop_response_cache_lookups_total', 'GraphQL response cache look-ups, by result (hit or miss)', this.cache);
    if (!this.refused.values.size) this.refused.values.set('', 0);
    counter('ovop_rate_limited_total', 'Requests refused by the rate limit (429 RATE_LIMITED)', this.refused);
    counter('ovop_direct_fallback_total', 'GraphQL requests the direct executor handed to yoga, by reason', this.fallbacks);
    counter('ovop_upstream_requests_total', 'Requests to upstream catalogues, by connector and outcome', this.upstreams);
    counter('ovop_change_events_total', 'Change events written to the change log, by type', this.changeEvents);
    if (this.changeLog) {
      if (this.changeLog.events >= 0) {
        help('ovop_change_log_events', 'gauge', 'Events the change log retains, over every economy');
        out.push(`ovop_change_log_events ${this.changeLog.events}`);
      }
      help('ovop_change_log_oldest_age_seconds', 'gauge', "Age of the change log's oldest retained event (0 while it is empty)");
      out.push(`ovop_change_log_oldest_age_seconds ${this.changeLog.oldestAt === null ? 0 : Math.max(0, (this.now() - this.changeLog.oldestAt) / 1000)}`);
    }
    if (this.streamClients) {
      help('ovop_change_stream_clients', 'gauge', 'Change-stream clients (SSE /changes/stream and productChanged subscriptions) served now');
      out.push(`ovop_change_stream_clients ${this.streamClients()}`);
    }

    const now = this.now();
    help('ovop_connector_up', 'gauge', 'Connector status: 1 for the status it is in, 0 for the others');
    for (const c of connectors) {
      for (const status of ['UP', 'DEGRADED', 'DOWN'])
        out.push(`ovop_connector_up{connector="${escapeLabel(c.id)}",status="${status}"} ${c.status === status ? 1 : 0}`);
    }
    help('ovop_connector_products', 'gauge', 'Products a connector serves');
    for (const c of connectors) out.push(`ovop_connector_products{connector="${escapeLabel(c.id)}"} ${c.productCount}`);
    help('ovop_connector_quarantined', 'gauge', 'Records a connector quarantined in its last harvest');
    for (const c of connectors) out.push(`ovop_connector_quarantined{connector="${escapeLabel(c.id)}"} ${c.quarantined}`);
    help('ovop_connector_seconds_since_last_good_harvest', 'gauge', 'Seconds since a connector last harvested successfully (absent before its first)');
    for (const c of connectors) {
      if (c.lastRefresh)
        out.push(`ovop_connector_seconds_since_last_good_harvest{connector="${escapeLabel(c.id)}"} ${Math.max(0, (now - Date.parse(c.lastRefresh)) / 1000)}`);
    }
    return `${out.join('\n')}\n`;
  }
}

/** Escapes a label value as the exposition format requires. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The content type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
