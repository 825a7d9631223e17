import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Manifest, manifestIssues } from '../schemas/manifest';
import { createLogger } from '../gateway/log';
import { dryRun } from '../gateway/registry/registrations';
import { createUpstreamPipeline } from '../gateway/upstream/pipeline';
import { refusal } from '../gateway/upstream/ssrf-guard';
import { resolveWithDns } from '../gateway/runtime/node/dns';
import { createNodeConnect } from '../gateway/runtime/node/connect';

/**
 * `npm run validate-manifest -- manifest.json [--allow-private]`: the dry run of `validateManifest`,
 * on the economy's own machine, through the same upstream pipeline and budget as the gateway's.
 * Prints the same report; exits 0 when it is ok, 1 otherwise. Failure detail goes to stderr.
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'allow-private': { type: 'boolean', default: false } } });
const file = positionals[0];
if (!file) {
  console.error('usage: npm run validate-manifest -- manifest.json [--allow-private]');
  process.exit(2);
}

const parsed = Manifest.safeParse(JSON.parse(await readFile(file, 'utf8')));
if (!parsed.success) {
  console.log(JSON.stringify({ ok: false, errors: manifestIssues(parsed.error) }, null, 2));
  process.exit(1);
}
const guard = { allowPrivate: values['allow-private'] || process.env.ALLOW_PRIVATE_UPSTREAMS === 'true', resolve: resolveWithDns };
const refused = await refusal(parsed.data.source.url, guard);
if (refused) {
  console.log(JSON.stringify({ ok: false, errors: [{ path: 'source.url', message: `refused upstream URL: ${refused}` }] }, null, 2));
  process.exit(1);
}
const timeoutMs = Number(process.env.UPSTREAM_TIMEOUT_MS) || undefined;
const maxBytes = Number(process.env.UPSTREAM_MAX_BYTES) || undefined;
const pipeline = createUpstreamPipeline({ connect: createNodeConnect(), guard, policy: { timeoutMs, maxBytes }, log: createLogger('warn') });
const report = await dryRun(parsed.data, pipeline);
console.log(JSON.stringify(report, null, 2));
console.error(`${report.accepted} of ${report.sampled} records accepted, ${report.rejected} rejected`);
process.exit(report.ok ? 0 : 1);
