import { loadConfig } from '../config';
import { createGateway } from '../gateway';
import { createLogger } from '../log';
import { fetchConnect } from '../upstream/connect';
import { kvStores, type KVNamespace } from './kv';
import { readBundledSample } from './worker-samples';

/** The Worker's bindings: KV namespaces, vars (wrangler.toml) and secrets (`wrangler secret put`). */
interface Env {
  CACHE?: KVNamespace;
  REGISTRY?: KVNamespace;
  [name: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

let gateway: ReturnType<typeof createGateway> | undefined;

/** One gateway per isolate, built on the first event from the bindings. */
function gatewayFor(env: Env) {
  if (!gateway) {
    const vars = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const config = loadConfig(vars);
    gateway = createGateway({
      config,
      log: createLogger(config.LOG_LEVEL, (line) => console.log(line)),
      readSample: readBundledSample,
      // The same upstream pipeline as on Node. Workers have no DNS API: the guard checks host names
      // and literal addresses only, and the platform's fetch connects (no resolver, nothing to pin).
      connect: fetchConnect,
      stores: env.CACHE && env.REGISTRY ? kvStores(env.CACHE, env.REGISTRY) : undefined,
      revalidate: 'scheduled',
    });
  }
  return gateway;
}

/**
 * Workers entry: requests are answered from the index; snapshots are refreshed by the Cron
 * Trigger (`scheduled`), with waitUntil, never in a visitor's request.
 */
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return gatewayFor(env).app.fetch(request, env, ctx as never);
  },
  scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): void {
    const { federation, rates } = gatewayFor(env);
    ctx.waitUntil(Promise.all([federation.refreshStale(), rates.refresh()]));
  },
};
