import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { killOnExit, signal } from './exit-guard';
import { freePort, ROOT, sleep } from './processes';

/** `wrangler dev` running the gateway's Worker in local workerd, with its inspector port. */
export interface WranglerDev {
  url: string;
  inspectorPort: number;
  /** Date.now() when the process was spawned, and when `/healthz` first answered 200. */
  spawnedAt: number;
  healthyAt: number;
  /** What wrangler printed (the Worker's console lines included), the last 256 KB. */
  output(): string;
  /** Resident memory of wrangler and workerd together (every process of its group), in MB. */
  rssMb(): number;
  /**
   * The port of the workerd inspector that lists `worker` (by its name): workerd's own inspector
   * lists every isolate of its process by service (`core:user:<name>`), where wrangler's
   * `inspectorPort` shows the first configuration's only.
   */
  runtimeInspectorPort(worker: string): Promise<number>;
  stop(): Promise<void>;
}

const WRANGLER = `${ROOT}node_modules/wrangler/bin/wrangler.js`;

export interface WranglerDevOptions {
  /** `--var`s for the Worker. */
  vars: Record<string, string>;
  /** Where KV, the caches and Durable Objects' SQLite are persisted: a restart on it finds them again. */
  persistTo: string;
  /** Longest the Worker may take to answer `/healthz`. @default 120000 */
  readyMs?: number;
  /** Configuration files; several run their Workers side by side in one process, the first answering HTTP. @default [] (wrangler.toml) */
  configs?: readonly string[];
}

/**
 * Starts `wrangler dev` (local mode, free ports for HTTP and the inspector, state persisted under
 * `persistTo` so that it survives a restart) in its own process group, and waits at most
 * `readyMs` for `/healthz`. The group is killed on stop, and on the bench's exit whatever happens.
 */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const { vars, persistTo, readyMs = 120_000, configs = [] } = options;
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    persistTo,
    '--show-interactive-dev-session=false',
    ...configs.flatMap((config) => ['--config', config]),
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  killOnExit(child, { group: true });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d).slice(-256_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const dev: WranglerDev = {
    url,
    inspectorPort,
    spawnedAt,
    healthyAt: 0,
    output: () => output,
    rssMb: () => groupRssMb(child.pid!),
    runtimeInspectorPort: (worker) => runtimeInspectorPort(child.pid!, worker),
    stop: () => stopGroup(child),
  };
  const deadline = spawnedAt + readyMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}): ${output.slice(-4000)}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await dev.stop();
      throw new Error(`wrangler dev did not answer /healthz within ${readyMs} ms: ${output.slice(-4000)}`);
    }
    await sleep(50);
  }
  dev.healthyAt = Date.now();
  return dev;
}

/** SIGTERM to the whole group (wrangler and its workerd), SIGKILL after 10 s. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      // workerd may outlive wrangler by a moment: nothing of the group may stay.
      signalGroup(child, 'SIGKILL');
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

function signalGroup(child: ChildProcess, name: NodeJS.Signals) {
  signal(child, name, true);
}

/**
 * The workerd inspector in the process group `pgid` that lists `worker`: of the ports its workerd
 * processes listen on (from /proc: their socket inodes, matched in /proc/net/tcp), the one whose
 * `/json/list` names `core:user:<worker>` (wrangler runs a second workerd for its own proxy).
 */
async function runtimeInspectorPort(pgid: number, worker: string): Promise<number> {
  const inodes = new Set<string>();
  for (const pid of groupPids(pgid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd')) continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (socket) inodes.add(socket[1]!);
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  // Lines of /proc/net/tcp: sl, local address (hex ip:port), remote, state (0A: listening), …, inode (10th field).
  const ports = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && inodes.has(f[9]!))
    .map((f) => Number.parseInt(f[1]!.split(':')[1]!, 16));
  for (const port of ports) {
    const listed = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2000) })
      .then((r) => (r.ok ? (r.json() as Promise<unknown>) : undefined))
      .catch(() => undefined);
    if (Array.isArray(listed) && listed.some((target: { id?: string }) => target.id === `core:user:${worker}`)) return port;
  }
  throw new Error(`no workerd inspector in process group ${pgid} lists ${worker}`);
}

/** The processes whose process group is `pgid`. */
function groupPids(pgid: number): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      // Fields after the command's closing parenthesis: state, ppid, pgrp, …
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
    } catch {
      return false;
    }
  });
}

/** Sum of VmRSS over the processes whose process group is `pgid`, from /proc. */
function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const pid of groupPids(pgid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended meanwhile.
    }
  }
  return kb / 1024;
}
