/**
 * Regenerates the compliance reports of every bundled sample product into the six listed
 * destinations, on a fixed day, and writes them as one compact JSON snapshot
 * (`docs/compliance/reports.json`, or the path given as the first argument). `--check` compares
 * instead of writing and exits 1 when the snapshot drifted.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createBuiltinConnectors } from '../connectors/builtin';
import { createUpstreamsApp } from '../connectors/samples/app';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';
import { evaluateCompliance } from '../gateway/compliance/evaluate';

const DESTINATIONS = ['JP', 'ID', 'MY', 'VN', 'TH', 'PH'] as const;
/** The day the snapshot is judged on, so that it does not drift with the calendar. */
export const SNAPSHOT_DAY = '2026-11-25';

/** Every sample product's report into every listed destination: status and each check's status. */
export async function sampleReports() {
  const app = createUpstreamsApp(readSampleFromDisk);
  const rows: Record<string, Record<string, { status: string; checks: Record<string, string> }>> = {};
  for (const connector of createBuiltinConnectors('http://samples.test')) {
    const harvest = await connector.harvest({ transport: async (url, init) => app.request(url, init) });
    for (const product of [...harvest.products].sort((a, b) => a.id.localeCompare(b.id))) {
      rows[product.id] = {};
      for (const destination of DESTINATIONS) {
        const report = evaluateCompliance(product, destination, SNAPSHOT_DAY, ['en']);
        const checks: Record<string, string> = {};
        for (const c of report.checks) checks[c.code] = c.status;
        rows[product.id]![destination] = { status: report.status, checks };
      }
    }
  }
  return rows;
}

/** One line per product, so that a diff of the snapshot reads product by product. */
export function renderReports(rows: Awaited<ReturnType<typeof sampleReports>>): string {
  const lines = Object.entries(rows).map(([id, byDestination]) => `  ${JSON.stringify(id)}: ${JSON.stringify(byDestination)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''));
if (isMain) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const path = args.find((a) => !a.startsWith('--')) ?? 'docs/compliance/reports.json';
  const text = renderReports(await sampleReports());
  if (check) {
    const current = readFileSync(path, 'utf8');
    if (current !== text) {
      console.error(`${path} is out of date: run npm run compliance-reports`);
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
