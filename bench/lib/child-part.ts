import { spawn } from 'node:child_process';
import type { Floor, Row } from './report';
import { ROOT } from './processes';

/** What a part run in a child process adds to the report. */
export interface PartFigures {
  rows: Row[];
  floors: Floor[];
}

/**
 * Runs a bench part (`bench/<name>.ts --child`) in a child process of its own, started with
 * `--expose-gc` so that its memory figures are its own, and returns the rows and floors it prints
 * as its last line of JSON.
 */
export async function runPartInChild(name: string): Promise<PartFigures> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${name}.ts`, '--child'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`the ${name} bench exited with ${code}: ${out.slice(-500)}`);
  return JSON.parse(last) as PartFigures;
}

/**
 * The child's side: when this process was started with `--child`, runs the part and prints its
 * figures as the last line of JSON (what runPartInChild reads), exiting 0, or 1 on a failure.
 */
export function runAsChild(part: () => Promise<PartFigures>): void {
  if (!process.argv.includes('--child')) return;
  part().then(
    (figures) => {
      console.log(JSON.stringify(figures));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
