import { load } from './lib/measure';
import { sleep, startService, type Service } from './lib/processes';
import { portalBody, SEARCH_TEXTS } from './lib/queries';

/**
 * `npm run soak`: mixed load for SOAK_MINUTES (default 5) against a gateway reading real HTTP
 * upstreams; resident memory is sampled throughout. Holds when memory stays flat (under 10 %
 * growth from the first minute's level to the end) and no request fails.
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 5);
const VARIED_SORTS = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'RATING_DESC', 'NAME_ASC'];
const VARIED_CURRENCIES = ['USD', 'JPY', 'IDR', 'MYR', 'VND', 'THB', 'EUR', 'SGD'];
/** A page in `sort` and `currency`, in a language tag (and money locale) that changes with every request (`{{n}}`). */
const variedBody = (sort: string, currency: string) =>
  JSON.stringify({
    query: `query Varied($lang: String) { products(first: 10, sort: ${sort}, currency: "${currency}", lang: $lang) { edges { node { id name { value } price { formatted(locale: "en-x-f{{n}}") } } } } categories(lang: $lang) { label } }`,
    variables: { lang: 'en-x-s{{n}}' },
  });
const services: Service[] = [];

async function main() {
  const upstreams = await startService('scripts/upstreams.ts', ['--port', '18890'], {}, 'http://127.0.0.1:18890');
  services.push(upstreams);
  const gateway = await startService(
    'gateway/runtime/node/main.ts',
    [],
    { PORT: '18887', CATALOGUE_SOURCE: upstreams.url, RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000', LOG_LEVEL: 'warn' },
    'http://127.0.0.1:18887',
    '/readyz',
  );
  services.push(gateway);
  const ids = ['vn-ocop:LS-0001', 'jp-ovop:OITA-0001', 'id-ovop:IDN-0005', 'my-ovop:MY-0001'];
  const mixed = [
    { method: 'POST' as const, path: '/graphql', body: portalBody() },
    ...SEARCH_TEXTS.map((t) => ({ method: 'POST' as const, path: '/graphql', body: portalBody(t) })),
    ...ids.map((id) => ({ method: 'GET' as const, path: `/products/${encodeURIComponent(id)}` })),
    ...ids.map((id) => ({ method: 'GET' as const, path: `/products/${encodeURIComponent(id)}/compliance/JP` })),
    ...Array.from({ length: 30 }, (_, i) => ({ method: 'POST' as const, path: '/graphql', body: portalBody(`soak ${i}`) })),
    { method: 'GET' as const, path: '/vocab' },
    // Request input that must not grow memory: every sort and currency, made-up language tags and locales never seen twice.
    ...VARIED_SORTS.flatMap((sort) =>
      VARIED_CURRENCIES.map((currency) => ({
        method: 'POST' as const,
        path: '/graphql',
        body: variedBody(sort, currency),
        headers: { 'accept-language': 'en-x-h{{n}}, id;q=0.5' },
      })),
    ),
    ...ids.map((id) => ({
      method: 'GET' as const,
      path: `/products/${encodeURIComponent(id)}?currency=JPY&lang=en-x-p{{n}}`,
      headers: { 'accept-language': 'en-x-q{{n}}' },
    })),
  ];
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(gateway.rssMb()), 5000);
  const result = await load({ url: gateway.url, connections: 32, duration: MINUTES * 60, requests: mixed });
  clearInterval(sampler);
  await sleep(100);
  // After the first minute (the first third, in a run shorter than three minutes).
  const settled = samples.slice(Math.min(Math.floor(samples.length / MINUTES), Math.floor(samples.length / 3)));
  const baseline = Math.min(...settled.slice(0, 3));
  const final = Math.max(...settled.slice(-3));
  const growth = (final - baseline) / baseline;
  const failures = result.errors + result.non2xx;
  console.log(
    JSON.stringify(
      { minutes: MINUTES, requests: result.total, rps: result.rps, p99: result.p99, failures, rssMb: { baseline, final, growth }, samples },
      null,
      2,
    ),
  );
  const holds = growth < 0.1 && failures === 0;
  console.log(
    `soak: ${result.total} requests, ${failures} failures, resident ${baseline.toFixed(0)} → ${final.toFixed(0)} MB (${(growth * 100).toFixed(1)} %): ${holds ? 'holds' : 'FAILS'}`,
  );
  process.exitCode = holds ? 0 : 1;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => Promise.all(services.map((s) => s.stop())));
