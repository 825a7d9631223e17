import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const MAX_GZIP_BYTES = 3 * 1024 * 1024;

describe('the Workers bundle', () => {
  it('builds with wrangler and stays under 3 MiB gzipped', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ovop-bundle-'));
    await promisify(execFile)('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    const modules = readdirSync(outdir).filter((f) => !f.endsWith('.map') && f !== 'README.md');
    expect(modules).toContain('worker.js');
    const gzipped = modules.reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f))).byteLength, 0);
    expect(gzipped).toBeLessThan(MAX_GZIP_BYTES);
  });
});
