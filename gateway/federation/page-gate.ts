import type { Transport } from '../../connectors/core/connector';

/** Connectors of one isolate that may hold an upstream page at once while they harvest into the shards. @default 2 */
export const PAGE_PERMITS = 2;

/**
 * Permits to hold an upstream page, shared by the harvests of one isolate (issue 30): a sharded
 * harvest keeps a page and what it mapped from it until it asks for the next page, so six
 * economies registered at once held six pages of 1,000 records in the Worker's isolate, and the
 * collector let the garbage of all of them grow together. With a gate, at most `permits` harvests
 * read a page at a time; the others wait before fetching theirs. One thread maps them anyway.
 */
export class PageGate {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  /** `permits`: @default PAGE_PERMITS */
  constructor(readonly permits: number = PAGE_PERMITS) {
    if (!(permits >= 1)) throw new RangeError('a page gate has at least one permit');
    this.free = permits;
  }

  /** Waits for a permit; answers its release (idempotent), which hands it to the longest waiting. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/**
 * `transport` behind `gate` for one harvest: each request lets go of the permit its previous one
 * took (that page has been mapped and handed on), then waits for one; `release` lets go of the last,
 * at the harvest's end.
 */
export function gatedTransport(transport: Transport, gate: PageGate): { transport: Transport; release: () => void } {
  let held: (() => void) | undefined;
  return {
    transport: async (url, init) => {
      held?.();
      held = undefined;
      const release = await gate.acquire();
      held = release;
      return transport(url, init);
    },
    release: () => {
      held?.();
      held = undefined;
    },
  };
}
