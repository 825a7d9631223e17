import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Floor, Row } from './lib/report';
import { sleep, startOnFreePort, type Service } from './lib/processes';

/**
 * The siege: every attack of the trust-boundary rounds against one gateway process as shipped, at
 * once, from the two sides an attacker stands on (an anonymous visitor, and a member economy with a
 * valid key that controls its own catalogue). Throughout, a prober asks /healthz every 100 ms and
 * gives each probe 1 s. Reported: the slowest probe, the probes that failed, the 5xx answers and
 * the answers that carry a stack trace, and resident memory above idle (floors: 1 s, 0, 0, 0, 300 MB).
 *
 * `BENCH_ONLY=siege npm run bench` runs it alone; with `SIEGE_SERIAL=1` the attacks go one at a
 * time and the note names the slowest probe of each, to find which one stalls the process.
 */
const ADMIN = 'siege-operator-token';
const MB = 1024 * 1024;

/** A national catalogue that an economy controls: every hostile record shape, one path each. */
function hostileCatalogue(): Server {
  const good = (sku: string, extra: Record<string, unknown> = {}) => ({
    sku,
    name_en: `Siege product ${sku}`,
    price: '120',
    category: 'FOOD',
    net: '250g',
    region: 'Chiang Mai',
    ...extra,
  });
  let deep = '0';
  for (let i = 0; i < 100_000; i++) deep = `[${deep}`;
  deep += ']'.repeat(100_000);
  const bodies: Record<string, () => string | Buffer> = {
    '/quadratic-quantity': () => JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => good(`Q${i}`, { net: `1.${'0'.repeat(100_000)}1g` })) }),
    '/price-markers': () => JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => good(`P${i}`, { price: `${'rm '.repeat(30_000)}1` })) }),
    '/deep': () => `{"items":[{"sku":"D1","name_en":${deep}},${JSON.stringify(good('D2'))}]}`,
    '/empty-records': () => `{"items":[${Array.from({ length: 200_000 }, () => '{}').join(',')}]}`,
    '/long-story': () => JSON.stringify({ items: [good('S1', { story_en: 'A long village story. '.repeat((12 * MB) / 22) })] }),
    '/prototype-keys': () => `{"items":[{"sku":"K1","name_en":"K","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}]}`,
    '/gzip-bomb': () => gzipSync(Buffer.alloc(200 * MB, 0x20)),
  };
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://siege');
    if (url.pathname === '/gtin') {
      const gtin = url.searchParams.get('gtin') ?? '';
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [good('G1', { gtin })] }));
    }
    if (url.pathname === '/endless') {
      // A page that always has a next one.
      const page = Number(url.searchParams.get('page') ?? 0);
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [good(`E${page}`)], next: page + 1 }));
    }
    const body = bodies[url.pathname];
    if (!body) return void res.writeHead(404).end();
    const bytes = body();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (url.pathname === '/gzip-bomb') headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers).end(bytes);
  });
}

function manifest(id: string, url: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    economy: 'TH',
    programme: 'OTOP',
    name: `Siege ${id}`,
    source: { url, format: 'json', items: 'items', ...extra },
    defaults: { currency: 'THB', language: 'en' },
    mapping: {
      localId: 'sku',
      name: { en: 'name_en' },
      story: { en: 'story_en' },
      price: 'price',
      category: 'category',
      netContent: 'net',
      'origin.region': 'region',
      gtin: 'gtin',
    },
  };
}

interface Tally {
  answers: number;
  serverErrors: string[];
  stackTraces: string[];
}

/** Runs the siege; returns its row and floors. */
export async function siege(): Promise<{ row: Row; floors: Floor[] }> {
  const catalogue = hostileCatalogue();
  await new Promise<void>((resolve) => catalogue.listen(0, '127.0.0.1', resolve));
  const upstream = `http://127.0.0.1:${(catalogue.address() as AddressInfo).port}`;
  const gateway: Service = await startOnFreePort(
    'gateway/runtime/node/main.ts',
    [],
    { PORT: '{port}', GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    '/readyz',
  );
  const tally: Tally = { answers: 0, serverErrors: [], stackTraces: [] };
  const note = (what: string, status: number, body: string) => {
    tally.answers++;
    if (status >= 500) tally.serverErrors.push(`${what}: ${status}`);
    if (/\n\s+at .+\(.+:\d+:\d+\)/.test(body)) tally.stackTraces.push(what);
  };
  const ask = async (what: string, path: string, init: RequestInit = {}) => {
    try {
      const response = await fetch(`${gateway.url}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
      const body = await response.text();
      note(what, response.status, body);
      return { status: response.status, body, headers: response.headers };
    } catch (error) {
      // A refusal that closes the connection is an answer too; note it, it is not a 5xx.
      return { status: 0, body: String(error), headers: new Headers() };
    }
  };
  const graphql = (what: string, query: string, variables: unknown = {}, token?: string) =>
    ask(what, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });

  const thKey = JSON.parse((await graphql('economy key', 'mutation { createEconomyKey(economy: "TH") { key } }', {}, ADMIN)).body).data.createEconomyKey
    .key as string;
  const idProducts = JSON.parse((await graphql('ID products', '{ products(first: 100, filter: { economies: ["ID"] }) { edges { node { id gtin } } } }')).body)
    .data.products.edges as Array<{ node: { id: string; gtin: string | null } }>;
  const idProduct = idProducts.find((e) => e.node.gtin)?.node ?? { id: 'id-ovop:unknown', gtin: '08991234567892' };
  const idGtin = idProduct.gtin ?? '08991234567892';

  await sleep(1000);
  const rssIdle = gateway.rssMb();
  let rssPeak = rssIdle;
  const probes = { sent: 0, failed: 0, slowestMs: 0 };
  let sieging = true;
  const samples: Array<{ at: number; ms: number }> = [];
  const prober = (async () => {
    while (sieging) {
      const started = performance.now();
      probes.sent++;
      try {
        const response = await fetch(`${gateway.url}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (!response.ok) probes.failed++;
        await response.arrayBuffer();
      } catch {
        probes.failed++;
      }
      probes.slowestMs = Math.max(probes.slowestMs, performance.now() - started);
      samples.push({ at: started, ms: performance.now() - started });
      rssPeak = Math.max(rssPeak, gateway.rssMb());
      await sleep(100);
    }
  })();

  const dryRun = (what: string, m: unknown) =>
    graphql(what, 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled accepted rejected } }', { m }, thKey);
  const register = (what: string, m: unknown) =>
    graphql(what, 'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status } } }', { m }, thKey);

  const economySide = [
    // This round: parsers that stall, records that overflow or flood, a barcode taken over, framing headers.
    () => dryRun('quadratic net content', manifest('th-otop-q', `${upstream}/quadratic-quantity`)),
    () => dryRun('price markers', manifest('th-otop-p', `${upstream}/price-markers`)),
    () => register('deep nesting', manifest('th-otop-deep', `${upstream}/deep`)),
    () => register('empty records', manifest('th-otop-empty', `${upstream}/empty-records`)),
    () => register('long story', manifest('th-otop-story', `${upstream}/long-story`)),
    () => register('gtin takeover', manifest('th-otop-gtin', `${upstream}/gtin?gtin=${idGtin}`)),
    () => dryRun('prototype keys', { ...manifest('th-otop-k', `${upstream}/prototype-keys`), mapping: { localId: 'sku', constructor: 'x', toString: 'y' } }),
    () => dryRun('framing headers', manifest('th-otop-h', `${upstream}/deep`, { headers: { Host: 'other.example', 'Transfer-Encoding': 'chunked' } })),
    // Earlier rounds: a gzip bomb, endless pages, a redirect to the metadata address, another economy's connector.
    () => dryRun('gzip bomb', manifest('th-otop-z', `${upstream}/gzip-bomb`)),
    () => dryRun('endless pages', manifest('th-otop-e', `${upstream}/endless`, { pagination: { type: 'cursor', param: 'page', next: 'next' } })),
    () => dryRun('metadata address', manifest('th-otop-m', 'http://169.254.169.254/latest/meta-data/')),
    () => graphql('cross-economy removal', 'mutation { removeConnector(id: "id-ovop") }', {}, thKey),
  ];
  const visitorSide = [
    // This round: a forged Host, page variants of a long story, keys that cannot go in a header.
    () => forgedHost(gateway.url, idProduct.id).then((r) => note('forged host', r.status, r.body)),
    async () => {
      for (const lang of ['en', 'th', 'ja', 'vi', 'id', 'ms', 'fil', 'en-GB', 'en-AU', 'th-TH']) {
        for (const currency of ['USD', 'THB'])
          await ask('story page variant', `/products/${encodeURIComponent('th-otop-story:S1')}?lang=${lang}&currency=${currency}`, {
            headers: { accept: 'text/html' },
          });
      }
    },
    async () => {
      for (const key of ['line\nbreak', 'nul\u0000', 'кириллица', '🔑🔑']) {
        const form = new URLSearchParams({ key, manifest: '{}', dryRun: '1' });
        await ask('register form key', '/register', {
          method: 'POST',
          body: form,
          headers: { origin: gateway.url, 'content-type': 'application/x-www-form-urlencoded' },
        });
      }
    },
    () => ask('oversized body', '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2 * MB) }),
    // Earlier rounds: reflected markup, deep and wide queries, prototype pollution, cursor forgery, slowloris.
    () => ask('reflected markup', `/?q=${encodeURIComponent('<script>alert(1)</script>')}`, { headers: { accept: 'text/html' } }),
    () => graphql('deep query', `{ ${'products { edges { node { economy { '.repeat(40)}code${' } } } }'.repeat(40)} }`),
    () => graphql('alias flood', `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: products(first: 100) { totalCount }`).join(' ')} }`),
    () => graphql('prototype pollution', 'query($f: ProductFilter) { products(filter: $f) { totalCount } }', JSON.parse('{"f":{"__proto__":{"text":"x"}}}')),
    () => graphql('forged cursor', '{ products(after: "eyJ4IjoxfQ") { totalCount } }'),
    () => slowloris(gateway.url, 50),
  ];
  const started = Date.now();
  const attacks = [...economySide, ...visitorSide];
  // SIEGE_SERIAL=1: one attack at a time, each with the slowest probe of its own window (to find what stalls).
  const windows: string[] = [];
  if (process.env.SIEGE_SERIAL === '1') {
    for (const [i, attack] of attacks.entries()) {
      const from = performance.now();
      await attack().catch(() => undefined);
      await sleep(300);
      const slowest = Math.max(0, ...samples.filter((p) => p.at >= from - 1000).map((p) => p.ms));
      windows.push(`#${i + 1} ${slowest.toFixed(0)} ms`);
      samples.length = 0;
    }
  } else await Promise.all(attacks.map((attack) => attack().catch(() => undefined)));
  // Registered hostile connectors harvest again at a refresh.
  for (const id of ['th-otop-deep', 'th-otop-empty', 'th-otop-story']) await graphql('refresh', `mutation { refreshConnector(id: "${id}") { id } }`, {}, thKey);
  const siegeSeconds = (Date.now() - started) / 1000;
  sieging = false;
  await prober;
  const stderr = gateway.stderr();
  await gateway.stop();
  await new Promise<void>((resolve) => catalogue.close(() => resolve()));

  const floors: Floor[] = [
    { name: 'siege: slowest /healthz probe (ms)', actual: probes.slowestMs, bound: 1000, kind: 'max' },
    { name: 'siege: failed /healthz probes', actual: probes.failed, bound: 0, kind: 'max' },
    { name: 'siege: 5xx answers', actual: tally.serverErrors.length, bound: 0, kind: 'max' },
    { name: 'siege: answers carrying a stack trace', actual: tally.stackTraces.length, bound: 0, kind: 'max' },
    { name: 'siege: resident MB above idle', actual: rssPeak - rssIdle, bound: 300, kind: 'max' },
  ];
  const row: Row = {
    scenario: `9. siege: ${economySide.length + visitorSide.length} attacks at once, both sides`,
    rps: null,
    p50: null,
    p99: probes.slowestMs,
    ratio: null,
    upstreamRequests: null,
    note: [
      `${siegeSeconds.toFixed(1)} s; ${probes.sent} probes, slowest ${probes.slowestMs.toFixed(0)} ms, ${probes.failed} failed; ${tally.answers} answers`,
      `resident ${rssIdle.toFixed(0)} → ${rssPeak.toFixed(0)} MB`,
      windows.length ? `slowest probe per attack (source order): ${windows.join(', ')}` : '',
      ...tally.serverErrors.map((e) => `5xx ${e}`),
      ...tally.stackTraces.map((e) => `stack trace in ${e}`),
      /uncaught|FATAL/i.test(stderr) ? 'the log shows an uncaught error' : '',
    ]
      .filter(Boolean)
      .join('; '),
  };
  return { row, floors };
}

/** A JSON-LD product asked with a forged Host, then by an honest client: the honest answer must not name the forged host. */
export async function forgedHost(base: string, productId: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  const query = JSON.stringify({ query: `{ product(id: ${JSON.stringify(productId)}) { jsonld } }` });
  const send = (host: string) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (error) => resolve({ status: 0, body: String(error) }));
      req.end(query);
    });
  for (let i = 0; i < 20; i++) await send(i % 2 ? 'evil.example' : `evil.example:${8000 + i}`);
  const honest = await send(`127.0.0.1:${port}`);
  return honest.body.includes('evil.example') ? { status: 500, body: `poisoned: ${honest.body.slice(0, 200)}` } : honest;
}

/** Opens `count` connections that send a request's headers a byte at a time, then gives up after 5 s. */
async function slowloris(base: string, count: number): Promise<void> {
  const { port } = new URL(base);
  const sockets = Array.from({ length: count }, () => connect(Number(port), '127.0.0.1'));
  for (const socket of sockets) socket.on('error', () => undefined);
  const header = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ';
  for (let i = 0; i < 50; i++) {
    for (const socket of sockets) if (!socket.destroyed) socket.write(header[i] ?? 'a');
    await sleep(100);
  }
  for (const socket of sockets) socket.destroy();
}
