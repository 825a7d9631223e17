import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { createUpstreamsApp } from '../connectors/samples/app';
import { createFaultState, type Fault } from '../connectors/samples/faults';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';

/**
 * `npm run upstreams -- [--port 8790] [--latency 50] [--fault jp=down] [--control]`: the national
 * sample servers over HTTP, optionally slow or faulty; `--control` adds /__control routes.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    fault: { type: 'string', multiple: true, default: [] },
    control: { type: 'boolean', default: false },
  },
});
const faults = createFaultState(Number(values.latency));
for (const spec of values.fault) {
  const [economy, kind = 'down', arg] = spec.split(/[=:]/);
  const fault: Fault =
    kind === 'slow'
      ? { kind, ms: Number(arg ?? 3000) }
      : kind === 'rate-limited'
        ? { kind, times: Number(arg ?? 1), retryAfterSeconds: 1 }
        : ({ kind } as Fault);
  faults.faults.set(economy!, fault);
}
const app = createUpstreamsApp(readSampleFromDisk, { faults, control: values.control });
serve({ fetch: app.fetch, port: Number(values.port), hostname: values.host }, (info) => {
  console.log(`national catalogue servers on http://${values.host}:${info.port}/{jp,id,my,vn}/... (latency ${values.latency} ms)`);
});
