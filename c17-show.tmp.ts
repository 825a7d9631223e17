import { createBuiltinConnectors } from './connectors/builtin';
import { createUpstreamsApp } from './connectors/upstreams/app';
import { readSampleFromDisk } from './connectors/upstreams/node';
import { evaluateCompliance } from './gateway/compliance/evaluate';
const app = createUpstreamsApp(readSampleFromDisk);
const all = new Map();
for (const c of createBuiltinConnectors('http://samples.test')) {
  const h = await c.harvest({ transport: async (url, init) => app.request(url, init) });
  for (const p of h.products) all.set(p.id, p);
}
for (const pair of process.argv.slice(2)) {
  const [id, d] = pair.split('@');
  const r = evaluateCompliance(all.get(id), d!, '2026-11-25', ['en']);
  console.log(`== ${id} -> ${d}: ${r.status}`);
  for (const c of r.checks) console.log(`  ${c.code} [${c.level}] ${c.status}: ${c.detail}`);
}
