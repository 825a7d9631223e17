import type { ChildProcess } from 'node:child_process';

/** Children to kill when the bench ends, and whether each leads its own process group. */
const children = new Map<ChildProcess, { group: boolean }>();
let guarded = false;

/**
 * Kills `child` (its whole process group when `group`) if the bench ends first, whatever ends it:
 * an error, Ctrl-C or a kill. Forgotten once the child exits.
 */
export function killOnExit(child: ChildProcess, { group = false } = {}): void {
  children.set(child, { group });
  child.once('exit', () => children.delete(child));
  if (guarded) return;
  guarded = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Sends `signal` to the child, or to its whole group; a child already gone is no error. */
export function signal(child: ChildProcess, name: NodeJS.Signals, group: boolean): void {
  try {
    process.kill(group ? -child.pid! : child.pid!, name);
  } catch {
    // Gone already.
  }
}

function killAll() {
  for (const [child, { group }] of children) signal(child, 'SIGKILL', group);
}
