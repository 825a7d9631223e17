import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Node itself with tsx as a loader: one process, so /proc shows the server's own memory. */
const NODE_ARGS = ['--import', 'tsx'];

export interface Service {
  url: string;
  child: ChildProcess;
  /** What the process wrote to stderr so far (its logs). */
  stderr(): string;
  /** Resident memory in MB, from /proc. */
  rssMb(): number;
  /** CPU time the process has used so far (user and system), in ms, from /proc: cost per request, whatever else the machine runs. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts an entry (TypeScript through tsx, or compiled JavaScript) in its own Node process and waits until `ready` answers 200. */
export async function startService(
  entry: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  ready = '/',
  nodeFlags: string[] = [],
): Promise<Service> {
  const child = spawn(process.execPath, [...nodeFlags, ...(entry.endsWith('.ts') ? NODE_ARGS : []), entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-64_000)));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited: ${stderr}`);
    if (
      await fetch(`${url}${ready}`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(100);
    if (i === 299) throw new Error(`${entry} did not answer at ${url}${ready}: ${stderr}`);
  }
  return {
    url,
    child,
    stderr: () => stderr,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    cpuMs: () => {
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 10 ms, after the command name.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Starts an entry on a port the OS says is free; `{port}` in args or env values becomes that port. */
export async function startOnFreePort(entry: string, args: string[], env: Record<string, string>, ready = '/', nodeFlags: string[] = []): Promise<Service> {
  const port = await freePort();
  const fill = (v: string) => v.replaceAll('{port}', String(port));
  const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)]));
  return startService(entry, args.map(fill), filled, `http://127.0.0.1:${port}`, ready, nodeFlags);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port the OS says is free now, so that concurrent bench runs never collide on fixed numbers. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
