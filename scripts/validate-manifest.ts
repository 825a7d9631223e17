import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Manifest, manifestIssues } from '../schemas/manifest';
import { createLogger } from '../gateway/log';
import { dryRun } from '../gateway/registry/dry-run';
import { describeMistake, parseManifestText } from '../gateway/registry/manifest-text';
import { createUpstreamPipeline } from '../gateway/upstream/pipeline';
import { refusal } from '../gateway/upstream/ssrf-guard';
import { resolveWithDns } from '../gateway/runtime/node/dns';
import { createNodeConnect } from '../gateway/runtime/node/connect';

/**
 * `validate-manifest manifest.json [--allow-private]` (`npm run validate-manifest -- …`, or the
 * single file `node validate-manifest.js …` attached to each release): the dry run of
 * `validateManifest`, on the economy's own machine, through the same upstream pipeline and budget
 * as the gateway's. Prints the same report (JSON) and exits 0 when it is ok, 1 otherwise; a file
 * it cannot read or parse is one line on stderr and exit 2, never a stack trace.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'allow-private': { type: 'boolean', default: false } } });
  const file = positionals[0];
  if (!file) return fail('usage: validate-manifest manifest.json [--allow-private]');
  const path = resolve(callerDirectory(), file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${readFailure(error as NodeJS.ErrnoException, path)}`);
  }
  const json = parseManifestText(text);
  if (!json.ok) return fail(`${file} is not valid JSON: ${describeMistake(json.mistake)}`);
  const parsed = Manifest.safeParse(json.value);
  if (!parsed.success) {
    console.log(JSON.stringify({ ok: false, errors: manifestIssues(parsed.error) }, null, 2));
    return 1;
  }
  const guard = { allowPrivate: values['allow-private'] || process.env.ALLOW_PRIVATE_UPSTREAMS === 'true', resolve: resolveWithDns };
  const refused = await refusal(parsed.data.source.url, guard);
  if (refused) {
    console.log(JSON.stringify({ ok: false, errors: [{ path: 'source.url', message: `refused upstream URL: ${refused}` }] }, null, 2));
    return 1;
  }
  const timeoutMs = Number(process.env.UPSTREAM_TIMEOUT_MS) || undefined;
  const maxBytes = Number(process.env.UPSTREAM_MAX_BYTES) || undefined;
  const pipeline = createUpstreamPipeline({ connect: createNodeConnect(), guard, policy: { timeoutMs, maxBytes }, log: createLogger('warn') });
  const report = await dryRun(parsed.data, pipeline);
  console.log(JSON.stringify(report, null, 2));
  const warnings = report.issues.filter((i) => i.severity === 'WARNING').length;
  console.error(`${report.accepted} of ${report.sampled} records accepted, ${report.rejected} rejected${warnings ? `, ${warnings} warning(s)` : ''}`);
  return report.ok ? 0 : 1;
}

/** The directory the command was run from: npm runs scripts at the package root and says where it was called (INIT_CWD). */
function callerDirectory(): string {
  return process.env.npm_lifecycle_event === 'validate-manifest' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
}

/** Why a file could not be read, in words. */
function readFailure(error: NodeJS.ErrnoException, path: string): string {
  if (error.code === 'ENOENT') return `there is no such file (looked for ${path})`;
  if (error.code === 'EISDIR') return `${path} is a directory`;
  if (error.code === 'EACCES' || error.code === 'EPERM') return `permission denied (${path})`;
  return error.message;
}

function fail(line: string): number {
  console.error(`validate-manifest: ${line}`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One line, never a stack: what an economy's staff can report.
    console.error(`validate-manifest: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
