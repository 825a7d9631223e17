import { type AppOptions, createApp } from './http-app';
import type { ChangeLog } from './changes/change-log';
import type { ProductChange } from './changes/event';
import { createMemoryChangeLog } from './changes/memory-change-log';
import type { Metrics } from './observability/metrics';
import { lastUpdatesOf } from './changes/last-updates';
import { createBuiltinConnectors } from '../connectors/builtin';
import type { SampleReader } from '../connectors/samples/samples';
import { createSampleTransport } from '../connectors/samples/transport';
import type { Config } from './config';
import { Federation } from './federation/federation';
import type { BlockCodec } from './federation/storage/document-blocks';
import type { ShardClient } from './federation/shards/sharded-catalogue';
import type { CheckpointStore } from './federation/harvest-checkpoint';
import type { GraphiqlAssets } from './graphql/graphiql/assets';
import type { Logger } from './log';
import { BUNDLED_RATES } from './money/rates/bundled';
import { RateProvider } from './money/rates/provider';
import { CursorCodec, type HmacSha256 } from './graphql/cursors/cursor';
import { EconomyKeys } from './auth/economy-keys';
import { ClientKeys } from './auth/client-keys';
import { CallerIdentities } from './auth/caller-identity';
import { clientAddress } from './auth/client-address';
import { Registrations } from './registry/registrations';
import { PublicOrigin } from './jsonld/public-origin';
import { registeredConnectors } from './registry/registered';
import { sealedRegistry } from './registry/sealed-registry';
import { SecretBox } from './auth/secrets';
import { StoredHarvestReports } from './registry/harvest-reports';
import { MemoryCache, MemoryRegistry } from './stores/memory';
import type { HostResolver } from './upstream/ssrf-guard';
import { fetchConnect, type Connect } from './upstream/connect';
import { createUpstreamPipeline } from './upstream/pipeline';
import { MemoryRateLimiter, type RateLimiter } from './limits/rate-limiter';
import type { Context } from 'hono';
import type { HeaderReader } from './http/middleware/header';
import type { CacheStore, RegistryStore } from './stores/ports';
import { registryWithDeadline } from './stores/deadline';
import { createObservability } from './observability/observability';
import type { AsyncContext, Span } from './observability/tracer';
import { LearnedDocuments } from './graphql/plugins/use-automatic-persisted-queries';
import { TrustedDocuments } from './graphql/plugins/use-trusted-documents';
import { createGatewayWebhooks } from './webhooks/gateway-webhooks';
import type { WebhookStore } from './webhooks/store';

/** Origin the bundled catalogues are addressed at; requests to it never leave the process. */
export const BUNDLED_ORIGIN = 'http://bundled.catalogues.invalid';

export interface GatewayOptions {
  config: Config;
  log: Logger;
  /** Reads the bundled sample catalogues (from disk on Node, from the bundle on Workers). */
  readSample: SampleReader;
  /** Sends one outbound hop for the upstream pipeline (Node: pinned to the checked address); the platform's fetch by default. */
  connect?: Connect;
  /** Decorates every outbound request's headers (e.g. a W3C `traceparent`). */
  upstreamHeaders?: (headers: Headers, url: string) => void;
  clock?: () => Date;
  /**
   * The cache and registry stores (Redis or KV); memory when not given. `changes` is the change
   * log (Node: Redis Streams when REDIS_URL is set; Workers: a Durable Object); a memory log
   * bounded by CHANGES_RETENTION_SECONDS when not given. `webhooks` builds the webhook store
   * (Node: Redis when REDIS_URL is set) with the box sealing its secrets under SECRETS_KEY;
   * memory when not given.
   */
  stores?: { cache: CacheStore; registry: RegistryStore; changes?: ChangeLog; webhooks?: (secrets: SecretBox) => WebhookStore };
  /** Resolves upstream host names for the SSRF guard (Node: DNS). */
  resolveHost?: HostResolver;
  /** The rate limiter (Redis on Node when configured); a per-process one by default. */
  limiter?: RateLimiter;
  /** The peer address as the runtime sees it (Node: the socket); CF-Connecting-IP by default (Workers). TRUST_PROXY applies on top. */
  clientAddress?: (c: Context) => string;
  /** Reads a request header (Node: straight from IncomingMessage); the standard reader by default. */
  header?: HeaderReader;
  /** Who refreshes snapshots past their TTL: requests (Node) or a scheduled job (Workers). */
  revalidate?: 'on-request' | 'scheduled';
  /** A synchronous HMAC-SHA-256 for cursors (Node: node:crypto); Web Crypto by default. */
  hmac?: HmacSha256;
  /** Carries the current trace span across awaits (Node: AsyncLocalStorage); without it spans nest only where passed. */
  traceContext?: AsyncContext<Span>;
  /** Compresses snapshots' document blocks (Node: node:zlib, synchronous); the Web Compression Streams by default. */
  blockCodec?: BlockCodec;
  /** Where /metrics' counters live, for its HELP texts ("this process", "this Workers isolate"). */
  metricsScope?: string;
  /** False: harvests record nothing in the change log (the bench's "feed off" baseline; never configured in production). @default true */
  recordChanges?: boolean;
  /** GraphiQL's assets: the package's strings on Node, its module's bytes on Workers (outside the JS heap). */
  graphiql: GraphiqlAssets;
  /** Where harvested documents live (see `FederationOptions.documents`): in memory by default; Workers: the store. */
  documents?: 'memory' | 'store';
  /** The trusted documents of PERSISTED_DOCUMENTS_FILE, read by the runtime; none when not given. */
  trustedDocuments?: TrustedDocuments;
  /**
   * How change streams and subscriptions follow the log: one tail per instance by default (Node);
   * Workers: `perFollower`, each stream reading the log itself (ChangeTailOptions.perFollower).
   */
  changeTail?: AppOptions['changeTail'];
  /** `/changes` builds the page after a full one ahead of its reader; Workers: false (a request cannot await another's work). @default true */
  changesReadAhead?: boolean;
  /** Keeps work a request leaves behind alive past its answer (Workers: `waitUntil`); see FederationOptions.background. */
  background?: (work: Promise<unknown>) => void;
  /** The catalogue's shards (Workers: CATALOGUE_SHARDS and CATALOGUE_SHARD_COUNT); the one in-process index when not given (see `FederationOptions.shards`). */
  shards?: readonly ShardClient[];
  /** Where sharded harvests keep their checkpoints, to go on in another invocation (Workers; see `FederationOptions.checkpoints`). */
  checkpoints?: CheckpointStore;
}

/**
 * Wires a gateway from its configuration: built-in connectors reading the bundled samples (in
 * process) or `CATALOGUE_SOURCE` (over HTTP), the federation, and the HTTP app.
 */
export function createGateway(options: GatewayOptions) {
  const { config, log } = options;
  if (config.PERSISTED_DOCUMENTS === 'required' && !options.trustedDocuments) {
    // Every request would be refused: say so at start instead (the Node runtime reads PERSISTED_DOCUMENTS_FILE).
    throw new Error('PERSISTED_DOCUMENTS=required needs trusted documents (PERSISTED_DOCUMENTS_FILE)');
  }
  const clock = options.clock ?? (() => new Date());
  const connect = options.connect ?? fetchConnect;
  const bundled = config.CATALOGUE_SOURCE === 'bundled';
  const samples = bundled ? createSampleTransport(options.readSample) : undefined;
  const bundledConnect: Connect = samples
    ? async (request) => (request.url.startsWith(`${BUNDLED_ORIGIN}/`) ? samples(request.url, request) : connect(request))
    : connect;
  /** The one outbound pipeline, a fresh one (own breaker) per upstream; origins the operator configured are trusted. */
  const upstream = (trusted: string[], via: Connect = connect) =>
    createUpstreamPipeline({
      connect: via,
      guard: { allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS, resolve: options.resolveHost, trustedOrigins: trusted },
      policy: { timeoutMs: config.UPSTREAM_TIMEOUT_MS, maxBytes: config.UPSTREAM_MAX_BYTES },
      headers: options.upstreamHeaders,
      log,
    });
  const catalogueOrigin = bundled ? BUNDLED_ORIGIN : new URL(config.CATALOGUE_SOURCE).origin;
  const stores = options.stores
    ? { cache: options.stores.cache, registry: registryWithDeadline(options.stores.registry, config.STORE_TIMEOUT_MS) }
    : { cache: new MemoryCache(), registry: new MemoryRegistry() };
  // Economies' upstream headers are sealed under SECRETS_KEY before they reach the registry store.
  if (options.stores && !config.SECRETS_KEY)
    log('warn', "SECRETS_KEY is unset: economies' upstream headers are kept in the shared registry store as they come");
  const registry = sealedRegistry(stores.registry, new SecretBox(config.SECRETS_KEY), log);
  const observability = createObservability({
    settings: config,
    scope: options.metricsScope,
    context: options.traceContext,
    onExportError: (error) => log('warn', 'trace export failed; dropping spans until the collector answers', { error }),
  });
  /** Set when a shutdown begins: /readyz answers 503 from then on. */
  const lifecycle = { draining: false };
  const changes = options.stores?.changes ?? createMemoryChangeLog({ retentionSeconds: config.CHANGES_RETENTION_SECONDS, clock: () => clock().getTime() });
  const changeGauges = changeLogGauges(changes, observability.metrics, log);
  const federation = new Federation({
    registered: registeredConnectors(registry),
    revalidate: options.revalidate,
    connectors: createBuiltinConnectors(bundled ? BUNDLED_ORIGIN : config.CATALOGUE_SOURCE.replace(/\/$/, '')),
    transportFor: (connector) => (connector.builtin ? upstream([catalogueOrigin], bundledConnect) : upstream([])),
    cache: stores.cache,
    clock,
    log,
    coldWaitMs: config.UPSTREAM_TIMEOUT_MS + 1000,
    observe: observability.transport,
    codec: options.blockCodec,
    documents: options.documents,
    changes: {
      log: changes,
      maxRemovalRatio: config.CHANGES_MAX_REMOVAL_RATIO,
      noticeDays: config.CERT_EXPIRY_NOTICE_DAYS,
      // New events: the gauges read the log again, and idle webhook subscriptions are due at once.
      onWritten: (written) => {
        changeGauges(written);
        webhooks.dispatcher.notify();
      },
    },
    reports: new StoredHarvestReports({ store: stores.registry, log }),
    background: options.background,
    shards: options.shards,
    checkpoints: options.checkpoints,
    // The bench's "feed off": no recording at all.
    ...(options.recordChanges === false && { changes: undefined }),
  });
  const registrations = new Registrations({
    store: registry,
    federation,
    dryRunTransport: () => observability.transport('dry-run', upstream([])),
    guard: { allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS, resolve: options.resolveHost },
    log,
  });
  const keys = new EconomyKeys(stores.registry);
  const clientKeys = new ClientKeys(stores.registry);
  const identities = new CallerIdentities({
    adminToken: config.GATEWAY_ADMIN_TOKEN,
    // An issued key draws on its own bucket; a client key refills at its quota and holds a second's worth (at least the default burst).
    lookup: async (hash) => {
      const client = await clientKeys.byHash(hash);
      if (client)
        return {
          bucket: `client:${hash.slice(0, 24)}`,
          name: client.name,
          policy: { perSecond: client.requestsPerSecond, burst: Math.max(client.requestsPerSecond, config.RATE_LIMIT_BURST) },
        };
      const economy = await keys.economyOfHash(hash);
      return economy ? { bucket: `economy:${hash.slice(0, 24)}`, name: `economy:${economy}` } : undefined;
    },
  });
  const peerAddress = options.clientAddress ?? ((c: Context) => c.req.header('cf-connecting-ip') ?? 'unknown');
  const rates = new RateProvider({
    url: config.RATES_URL,
    fallback: BUNDLED_RATES,
    fetch: observability.transport('rates', upstream(config.RATES_URL ? [new URL(config.RATES_URL).origin] : [])),
    log,
    cache: stores.cache,
  });
  const policy = { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST };
  const origin = new PublicOrigin(config.PUBLIC_URL, (origin) =>
    log('warn', "PUBLIC_URL is unset: absolute URLs are written with each request's own origin (kept apart in every cache); set it in production", {
      origin,
    }),
  );
  // Deliveries have no request to take an origin from: PUBLIC_URL, else where this gateway listens.
  const deliveryOrigin = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}/`;
  const webhooks = createGatewayWebhooks({
    schedule: config.WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxRate: config.WEBHOOK_MAX_RATE,
    allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS,
    secretsKey: config.SECRETS_KEY,
    store: options.stores?.webhooks,
    changes,
    federation,
    rates: () => rates.current(),
    origin: () => origin.of(deliveryOrigin),
    connect,
    resolveHost: options.resolveHost,
    log,
  });
  const app = createApp({
    federation,
    changes,
    registrations,
    keys,
    clientKeys,
    identities,
    rates: () => rates.current(),
    clock,
    adminToken: config.GATEWAY_ADMIN_TOKEN,
    log,
    origin,
    webhooks: webhooks.subscriptions,
    webhookMetrics: () => webhooks.render(),
    cursors: new CursorCodec({ secret: config.CURSOR_SECRET, store: stores.cache, hmac: options.hmac }),
    limiter: options.limiter ?? new MemoryRateLimiter(policy),
    responseCacheEntries: config.RESPONSE_CACHE_ENTRIES,
    corsOrigins: config.CORS_ORIGINS,
    header: options.header,
    clientAddress: (c) => clientAddress(config.TRUST_PROXY, peerAddress(c), (name) => c.req.header(name)),
    observability,
    metricsToken: config.METRICS_TOKEN,
    draining: () => lifecycle.draining,
    accessLog: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'info',
    graphiql: options.graphiql,
    persisted: {
      trusted: options.trustedDocuments ?? new TrustedDocuments(),
      required: config.PERSISTED_DOCUMENTS === 'required',
      learned: config.APQ === 'on' ? new LearnedDocuments({ store: stores.cache }) : undefined,
    },
    introspection: config.INTROSPECTION === 'on',
    graphqlCacheSeconds: config.GRAPHQL_CACHE_SECONDS,
    corsAllowHeaders: config.CORS_ALLOW_HEADERS,
    changeTail: options.changeTail,
    changesReadAhead: options.changesReadAhead,
  });
  return { app, federation, changes, registrations, rates, stores, observability, lifecycle, webhooks };
}

/**
 * Follows what the change log is told: events counted by type, and the log's length and oldest
 * entry read again after each write or trim (one read at a time; a read failing leaves the last).
 */
function changeLogGauges(changes: ChangeLog, metrics: Metrics, log: Logger): (written: readonly ProductChange[]) => void {
  let reading: Promise<void> | undefined;
  let again = false;
  const read = async () => {
    const [size, page] = await Promise.all([changes.size ? changes.size() : null, changes.read({ limit: 1 })]);
    metrics.changeLogState(size, page.entries[0]?.change.occurredAt ?? null);
  };
  const refresh = (): void => {
    if (reading) {
      again = true;
      return;
    }
    reading = read()
      .catch((error) => log('warn', 'reading the change log for /metrics failed', { error: (error as Error).message }))
      .finally(() => {
        reading = undefined;
        if (again) (again = false), refresh();
      });
  };
  return (written) => {
    metrics.changesWritten(written.map((c) => c.type));
    // And the product pages' "last changed" (gateway/changes/last-updates.ts) takes what was written.
    lastUpdatesOf(changes).note(written);
    refresh();
  };
}
