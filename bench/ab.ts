import { load } from './lib/measure';
import { startOnFreePort, type Service } from './lib/processes';
import { longTailBodies, portalBody } from './lib/queries';
import { median } from './lib/stats';

/**
 * `npm run bench:ab -- <A> <B>`: CPU per request of two gateway builds, measured in pairs. Both run
 * at once against the same sample servers and are loaded in turn, AB then BA, for AB_SECONDS
 * (default 2) each, AB_ROUNDS times (default 8). On a shared machine whose speed drifts by a third
 * within minutes, adjacent pairs cancel the drift that separates two whole bench runs; what is left
 * is jitter (a build against itself gives pairs within about ±20 %). Prints each build's CPU µs
 * per request and the median of B/A over the pairs.
 *
 * A build is a bundle path (`dist/a.js`, made by `npm run build` on another commit and copied),
 * optionally with environment after `?`: `dist/node.js?RESPONSE_CACHE_ENTRIES=0`. AB_LOAD=repeat
 * sends the portal query, else the long tail.
 */
const ROUNDS = Number(process.env.AB_ROUNDS ?? 8);
const SECONDS = Number(process.env.AB_SECONDS ?? 2);
const builds = process.argv.slice(2);
if (builds.length !== 2) {
  console.error('usage: npm run bench:ab -- <bundle A>[?ENV=value&…] <bundle B>[?ENV=value&…]');
  process.exit(2);
}

const services: Service[] = [];
const post = (body: string) => ({ method: 'POST' as const, path: '/graphql', body, headers: { 'content-type': 'application/json' } });
const requests = process.env.AB_LOAD === 'repeat' ? [post(portalBody())] : longTailBodies().map(post);

async function start(entry: string, args: string[], env: Record<string, string>, ready = '/'): Promise<Service> {
  const service = await startOnFreePort(entry, args, { ...env, PORT: '{port}' }, ready);
  services.push(service);
  return service;
}

async function main() {
  const upstreams = await start('scripts/upstreams.ts', ['--port', '{port}'], {});
  const gateways = [];
  for (const build of builds) {
    const [entry, query = ''] = build.split('?');
    const env = { RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000', LOG_LEVEL: 'warn', NODE_ENV: 'production', CATALOGUE_SOURCE: upstreams.url };
    gateways.push(await start(entry!, [], { ...env, ...Object.fromEntries(new URLSearchParams(query)) }, '/readyz'));
  }
  for (const gateway of gateways) await load({ url: gateway.url, connections: 32, duration: SECONDS, requests, shared: true });
  // Start-up work that outlasts the warm-up (the change log's first recording and sweep after the
  // first harvests) is no request's cost: wait until each build idles before the pairs.
  for (const gateway of gateways) await idle(gateway);
  const perRequest: number[][] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    for (const k of round % 2 ? [1, 0] : [0, 1]) {
      const gateway = gateways[k]!;
      const before = gateway.cpuMs();
      const result = await load({ url: gateway.url, connections: 32, duration: SECONDS, requests, shared: true });
      perRequest[k]!.push(((gateway.cpuMs() - before) * 1000) / Math.max(1, result.total));
    }
  }
  builds.forEach((build, k) => {
    console.log(`${'AB'[k]} ${build}: CPU µs per request ${perRequest[k]!.map((v) => v.toFixed(0)).join(' ')}`);
  });
  const ratios = perRequest[0]!.map((a, i) => perRequest[1]![i]! / a);
  console.log(`B/A, median of ${ROUNDS} pairs: ${median(ratios).toFixed(3)} (pairs ${ratios.map((r) => r.toFixed(2)).join(' ')})`);
}

/** Resolves once the process used under 10 ms of CPU in half a second (at most 30 s). */
async function idle(service: Service): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const before = service.cpuMs();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (service.cpuMs() - before < 10) return;
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => Promise.all(services.map((s) => s.stop())));
