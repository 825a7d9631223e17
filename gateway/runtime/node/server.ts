import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { readSampleFromDisk } from './samples';
import { type Config, loadConfig } from '../../config';
import { createGateway } from '../../app';
import { MAX_BODY_BYTES } from '../../http-app';
import { packagedGraphiql } from '../../graphql/graphiql/strings';
import { createLogger } from '../../log';
import { DegradingCache } from '../../stores/degrading-cache';
import { MemoryRateLimiter, withFallback } from '../../limits/rate-limiter';
import { createHmac } from 'node:crypto';
import type { Span } from '../../observability/tracer';
import { CoalescedResponse } from './coalesced-response';
import { resolveWithDns } from './dns';
import { createNodeConnect } from './connect';
import { nodeClientAddress, nodeHeader } from './address';
import { nodeBlockCodec } from './block-codec';
import { connectRedisStores, redisConfigured } from './redis';
import { refuseLargeBodies } from './body-refusal';
import { drainOnSignals } from './shutdown';
import { startFailure } from './start-failure';
import { nodeTraceContext } from './trace-context';
import { readTrustedDocuments } from './trusted-documents';

/** How often the change log's sweep runs besides harvests: at least hourly (docs/contract.md, CERT_EXPIRY_NOTICE_DAYS). */
const SWEEP_EVERY_MS = 15 * 60 * 1000;

/** The Node server: reads the environment, builds the gateway (Redis stores when configured), serves it. */
let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  startFailure(error);
}
const log = createLogger(config.LOG_LEVEL);
const trustedDocuments = await readTrustedDocuments(config).catch((error: unknown) => startFailure(error));
const topology = {
  url: config.REDIS_URL,
  sentinels: config.REDIS_SENTINELS,
  sentinelName: config.REDIS_SENTINEL_NAME,
  clusterNodes: config.REDIS_CLUSTER_NODES,
};
const redis = redisConfigured(topology)
  ? await connectRedisStores({
      ...topology,
      prefix: config.REDIS_PREFIX,
      commandTimeoutMs: config.STORE_TIMEOUT_MS,
      onError: (error) => log('warn', 'Redis unreachable at start; serving from memory until it answers', { error: error.message }),
    })
  : undefined;
const ratePolicy = { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST };
const gateway = createGateway({
  config,
  log,
  readSample: readSampleFromDisk,
  graphiql: packagedGraphiql,
  resolveHost: resolveWithDns,
  connect: createNodeConnect(),
  clientAddress: nodeClientAddress,
  header: nodeHeader,
  hmac: (key, payload) => createHmac('sha256', key).update(payload).digest(),
  limiter: redis && withFallback(redis.rateLimiter(ratePolicy), new MemoryRateLimiter(ratePolicy)),
  stores: redis && {
    cache: new DegradingCache(redis.cache, log),
    registry: redis.registry,
    changes: redis.changeLog({ retentionSeconds: config.CHANGES_RETENTION_SECONDS }),
    webhooks: redis.webhookStore,
  },
  traceContext: nodeTraceContext<Span>(),
  metricsScope: 'this process',
  blockCodec: nodeBlockCodec,
  trustedDocuments,
});
// Warm the GraphQL engine before the first visitor: its first execution compiles a great deal.
await gateway.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ categories { code label } }"}' });
const serverOptions = { ServerResponse: CoalescedResponse };
const server = serve({ fetch: gateway.app.fetch, port: config.PORT, hostname: config.HOST, serverOptions }, (info) => {
  const url = `http://${displayHost(config.HOST)}:${info.port}/`;
  log('info', 'gateway listening', {
    url,
    graphql: `${url}graphql`,
    catalogues: config.CATALOGUE_SOURCE,
    store: redis ? 'redis' : 'memory',
  });
  // The one line a newcomer reads among the JSON logs: where to open the portal.
  process.stderr.write(`\nOVOP gateway ready: open ${url} (GraphQL: ${url}graphql). Ctrl-C stops it.\n\n`);
  void gateway.federation.index();
  void gateway.rates.refresh();
  // Webhook deliveries run beside the server, on every instance (leases keep them from stepping one subscription twice).
  gateway.webhooks.dispatcher.start();
}) as Server;
refuseLargeBodies(server, { maxBytes: MAX_BODY_BYTES });
// The change log's clock: certificates coming to expiry, compliance moved by a passed validUntil, and the trim (harvests sweep too).
const sweep = setInterval(
  () => void gateway.federation.sweepChanges().catch((error) => log('warn', 'change sweep failed', { error: (error as Error).message })),
  SWEEP_EVERY_MS,
);
sweep.unref();
const onListenError = (error: Error) => startFailure(error, `${config.HOST}:${config.PORT}`);
server.once('error', onListenError);
server.once('listening', () => server.off('error', onListenError));

drainOnSignals({
  server,
  graceMs: config.SHUTDOWN_GRACE_MS,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  log,
  begin: () => {
    gateway.lifecycle.draining = true;
    clearInterval(sweep);
  },
  // The deliveries in flight finish (each within WEBHOOK_TIMEOUT_MS) before the stores close.
  stop: () => gateway.webhooks.dispatcher.stop(),
  close: () => Promise.all([gateway.observability.tracer.flush(), redis?.close()]).then(() => undefined),
});

/** A listen address as a browser can open it: the unspecified addresses become loopback, IPv6 is bracketed. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return host === '::' ? '[::1]' : '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
