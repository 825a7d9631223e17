import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/redis';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'ovop-container-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } }).toString();

/**
 * Installs the production dependencies into the copy with `npm ci --omit=dev`, once per package.json,
 * lockfile, Node and npm: the result is kept under the system's temporary directory and linked into
 * later copies (a fresh machine, as in CI, always installs). The install is what a container's
 * runtime stage does; repeating it for an unchanged lockfile proves nothing new and cost ~6-9 s.
 */
function installProductionDependencies(): 'installed' | 'reused' {
  const key = createHash('sha256')
    .update(readFileSync(join(copy, 'package.json')))
    .update(readFileSync(join(copy, 'package-lock.json')))
    .update(`${process.version} npm ${execFileSync('npm', ['--version']).toString().trim()}`)
    .digest('hex')
    .slice(0, 16);
  const kept = join(tmpdir(), 'ovop-production-install', key);
  const fresh = !existsSync(join(kept, 'node_modules'));
  if (fresh) {
    run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund']);
    // Kept by renaming a finished install into place: a run cut short leaves no half install to reuse.
    const staging = `${kept}.${process.pid}`;
    mkdirSync(staging, { recursive: true });
    renameSync(join(copy, 'node_modules'), join(staging, 'node_modules'));
    try {
      renameSync(staging, kept);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another run kept the same install first
    }
  }
  symlinkSync(join(kept, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return fresh ? 'installed' : 'reused';
}

describe('the production start, as a container builds it', () => {
  it('npm ci && npm run build; npm ci --omit=dev; npm start serves from dist/ with no development tool installed', async () => {
    // The checkout as git sees it (tracked and new files), without node_modules or dist.
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT })
      .toString()
      .split('\0')
      .filter((f) => f && !/^(node_modules|dist)(\/|$)/.test(f) && existsSync(join(ROOT, f)));
    execFileSync('tar', ['-cf', join(copy, 'tree.tar'), '-C', ROOT, ...files]);
    execFileSync('tar', ['-xf', 'tree.tar'], { cwd: copy });
    // Stage 1 (build): the development install is this checkout's own.
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    run('npm', ['run', 'build']);
    unlinkSync(join(copy, 'node_modules'));
    // Stage 2 (runtime): production dependencies only.
    const install = installProductionDependencies();
    console.log(`production start: npm ci --omit=dev ${install === 'installed' ? 'ran' : 'reused for an unchanged lockfile'}`);
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest', 'wrangler', '@biomejs']) expect(existsSync(join(copy, 'node_modules', tool))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
    expect(manifest.scripts.start).not.toMatch(/\btsx\b/);
    expect(readFileSync(join(copy, manifest.bin['validate-manifest']), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);

    const port = String(await freePort());
    const child = spawn('npm', ['start'], {
      cwd: copy,
      env: { ...process.env, PORT: port, REDIS_URL: '', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      let ready = 0;
      for (let i = 0; i < 200 && ready !== 200; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, stderr).toBe(200);
      // The bundled sample catalogues are read from disk, from dist/'s point of view.
      const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ products(first: 1) { totalCount } }' }),
      }).then((r) => r.json() as Promise<any>);
      expect(answer.data.products.totalCount).toBeGreaterThan(150);
    } finally {
      child.kill('SIGTERM');
    }
    // npm re-raises the signal on itself once the server is gone; the server drained and exited 0.
    expect([0, null]).toContain(await exited);
    expect(stderr).toContain('"message":"shut down"');
    expect(stderr).not.toMatch(/"level":"error"/);

    // The validate-manifest bin runs from dist/ too.
    const usage = spawn(join(copy, 'dist/validate-manifest.js'), [], { cwd: copy });
    let usageText = '';
    usage.stderr.on('data', (d) => (usageText += d));
    expect(await new Promise((resolve) => usage.once('exit', resolve))).toBe(2);
    expect(usageText).toMatch(/usage: .*validate-manifest/);
  }, 120_000);
});
