import { serve } from '@hono/node-server';
import { readSampleFromDisk } from '../../connectors/samples/node';
import { loadConfig } from '../config';
import { createGateway } from '../gateway';
import { createLogger } from '../log';
import { DegradingCache } from '../stores/degrading-cache';
import { MemoryRateLimiter, withFallback } from '../limits/rate-limiter';
import { createHmac } from 'node:crypto';
import { resolveWithDns } from './dns';
import { createNodeConnect } from './node-connect';
import { nodeClientAddress, nodeHeader } from './node-address';
import { connectRedisStores } from './redis';

/** The Node server: reads the environment, builds the gateway (Redis stores when configured), serves it. */
const config = loadConfig(process.env);
const log = createLogger(config.LOG_LEVEL);
const redis = config.REDIS_URL
  ? await connectRedisStores(config.REDIS_URL, config.REDIS_PREFIX, (error) =>
      log('warn', 'Redis unreachable at start; serving from memory until it answers', { error: error.message }),
    )
  : undefined;
const ratePolicy = { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST };
const gateway = createGateway({
  config,
  log,
  readSample: readSampleFromDisk,
  resolveHost: resolveWithDns,
  connect: createNodeConnect(),
  clientAddress: nodeClientAddress,
  header: nodeHeader,
  hmac: (key, payload) => createHmac('sha256', key).update(payload).digest(),
  limiter: redis && withFallback(redis.rateLimiter(ratePolicy), new MemoryRateLimiter(ratePolicy)),
  stores: redis && { cache: new DegradingCache(redis.cache, log), registry: redis.registry },
});
// Warm the GraphQL engine before the first visitor: its first execution compiles a great deal.
await gateway.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ categories { code label } }"}' });
const server = serve({ fetch: gateway.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log('info', 'gateway listening', {
    url: `http://${config.HOST}:${info.port}/graphql`, catalogues: config.CATALOGUE_SOURCE, store: redis ? 'redis' : 'memory',
  });
  void gateway.federation.index();
  void gateway.rates.refresh();
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void Promise.resolve(redis?.close()).finally(() => process.exit(0));
  });
}
