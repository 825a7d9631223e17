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
  requests: Array<{ method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }>;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: spec.requests.map((r) => ({ method: r.method, path: r.path, body: r.body, headers: { 'content-type': 'application/json', ...r.headers } })),
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
