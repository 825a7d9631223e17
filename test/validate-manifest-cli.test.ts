import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
