import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thManifest } from './helpers/economy-server';
import { startHostileUpstream, type HostileUpstream } from './helpers/hostile-upstream';

/** `npm run validate-manifest` goes through the same upstream pipeline, with the same budget, as the gateway. */
let hostile: HostileUpstream;
const dir = mkdtempSync(join(tmpdir(), 'validate-manifest-'));
beforeAll(async () => (hostile = await startHostileUpstream()));
afterAll(() => hostile.close());

function validate(manifest: unknown, env: Record<string, string> = {}) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(manifest));
  return new Promise<{ code: number | null; report: any; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/validate-manifest.ts', file, '--allow-private'],
      { env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as any).code ?? null) : 0, report: stdout ? JSON.parse(stdout) : undefined, stderr, ms: Date.now() - started }),
    );
  });
}

describe('npm run validate-manifest', () => {
  it('reports a good catalogue', async () => {
    const { report } = await validate(thManifest(hostile.url));
    expect(report).toMatchObject({ sampled: 16, accepted: 14 });
  });

  it('answers an endless body within the budget, with a timed-out issue', async () => {
    const manifest = { ...thManifest(hostile.url), source: { url: `${hostile.url}/endless`, format: 'json', items: 'items' } };
    const { code, report, ms } = await validate(manifest, { UPSTREAM_TIMEOUT_MS: '1000' });
    expect(code).toBe(1);
    expect(report.issues[0].message).toBe('timed out after 1 s');
    console.log(`validate-manifest on an endless body exited in ${ms} ms (budget 1 s, plus the CLI's start)`);
  }, 30_000);

  it('refuses 6to4 even with private upstreams allowed', async () => {
    const manifest = { ...thManifest(hostile.url), source: { ...thManifest(hostile.url).source, url: 'http://[2002:7f00:1::1]/x' } };
    const { code, report } = await validate(manifest);
    expect(code).toBe(1);
    expect(report.errors[0].message).toMatch(/address not allowed \(6to4\)/);
  });
});

/** Runs a command and resolves with its exit code and both streams (never rejects). */
function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    execFile(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as any).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const ROOT = resolve(import.meta.dirname, '..');
// tsx by its file, so that the CLI runs from any directory.
const CLI = ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'scripts/validate-manifest.ts')];

describe('validate-manifest answers a file it cannot use in one line', () => {
  it('a JSON syntax error: the line and column, exit 2, no stack trace', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "id": "th-otop"\n  "economy": "TH"\n}');
    const { code, stdout, stderr } = await run(process.execPath, [...CLI, file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([`validate-manifest: ${file} is not valid JSON: line 3, column 3: expected ',' or '}', found '"'`]);
  });

  it('a missing file or a directory: what it looked for, exit 2', async () => {
    const missing = await run(process.execPath, [...CLI, 'nowhere.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([
      `validate-manifest: cannot read nowhere.json: there is no such file (looked for ${join(dir, 'nowhere.json')})`,
    ]);
    const directory = await run(process.execPath, [...CLI, '.'], { cwd: dir });
    expect(directory.stderr.trim()).toBe(`validate-manifest: cannot read .: ${dir} is a directory`);
  });

  it('reads FILE relative to the directory npm run was called from', async () => {
    const sub = join(dir, 'economy', 'manifests');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'th.json'), '{ "id": ');
    const { code, stderr } = await run('npm', ['--prefix', ROOT, 'run', '--silent', 'validate-manifest', '--', 'th.json'], { cwd: sub });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`validate-manifest: th.json is not valid JSON: line 1, column 9: expected a value, found the end of the text`);
  }, 60_000);

  it('builds to one self-contained file that runs with Node alone, outside the repository', async () => {
    const out = mkdtempSync(join(tmpdir(), 'validate-manifest-dist-'));
    const built = await run(process.execPath, [join(ROOT, 'esbuild.config.mjs'), '--cli-only', '--outdir', out], { cwd: ROOT });
    expect(built.code, built.stderr).toBe(0);
    const alone = mkdtempSync(join(tmpdir(), 'economy-laptop-'));
    copyFileSync(join(out, 'validate-manifest.js'), join(alone, 'validate-manifest.js'));
    writeFileSync(join(alone, 'th.json'), JSON.stringify(thManifest(hostile.url)));
    const { code, stdout, stderr } = await run(process.execPath, ['validate-manifest.js', 'th.json', '--allow-private'], { cwd: alone });
    expect(stderr).toContain('14 of 16 records accepted, 2 rejected');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ sampled: 16, accepted: 14 });
  }, 60_000);
});
