import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

/**
 * One load run in its own process (so the load generator never shares a core's event loop with the
 * server it measures): reads its settings from the JSON file named in argv, prints autocannon's
 * summary as JSON.
 */
export interface LoadSpec {
  url: string;
  connections: number;
  duration: number;
  /** `{{n}}` in a path, body or header value becomes a number that grows with every request sent. */
  requests: Array<{ method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }>;
  /** Every connection takes the next request of one shared round (not each its own copy of the list), so that no two connections send the same request at once. */
  shared?: boolean;
}

let sent = 0;
const VARYING = /\{\{n\}\}/g;
/** The request with `{{n}}` replaced by a fresh number, so that values never repeat. */
const vary = (request: { path: string; body?: string; headers?: Record<string, string> }) => {
  const n = String(sent++);
  return {
    ...request,
    path: request.path.replace(VARYING, n),
    body: request.body?.replace(VARYING, n),
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, v.replace(VARYING, n)])),
  };
};

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: spec.shared
    ? ([
        {
          method: spec.requests[0]!.method,
          path: spec.requests[0]!.path,
          setupRequest: (req: autocannon.Request) => {
            const r = spec.requests[sent++ % spec.requests.length]!;
            return { ...req, method: r.method, path: r.path, body: r.body, headers: { 'content-type': 'application/json', ...r.headers } };
          },
        },
      ] as autocannon.Request[])
    : (spec.requests.map((r) => {
        const request = { method: r.method, path: r.path, body: r.body, headers: { 'content-type': 'application/json', ...r.headers } };
        return JSON.stringify(r).includes('{{n}}') ? { ...request, setupRequest: (req: autocannon.Request) => ({ ...req, ...vary(request) }) } : request;
      }) as autocannon.Request[]),
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
