import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadSpec } from './load';
import { ROOT } from './processes';

const run = promisify(execFile);

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon against `spec` in a separate process and returns its summary. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const file = join(mkdtempSync(join(tmpdir(), 'ovop-load-')), 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `${ROOT}bench/lib/load.ts`, file], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as LoadResult;
}
