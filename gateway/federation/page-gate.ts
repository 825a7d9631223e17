import type { Transport } from '../../connectors/core/connector';

/** Connectors of one isolate that may hold an upstream page at once while they harvest into the shards. @default 2 */
export const PAGE_PERMITS = 2;
/** How often a harvest waiting for a permit looks again. */
const POLL_MS = 5;

/**
 * Permits to hold an upstream page, shared by the harvests of one isolate (issue 30): a sharded
 * harvest keeps a page and what it mapped from it until it asks for the next page, so six
 * economies registered at once held six pages of 1,000 records in the Worker's isolate, and the
 * collector let the garbage of all of them grow together. With a gate, at most `permits` harvests
 * read a page at a time; the others wait before fetching theirs. One thread maps them anyway.
 */
export class PageGate {
  /** When each permit held was taken, by its number: a permit held past `leaseMs` counts as let go. */
  private readonly held = new Map<number, number>();
  /** Tickets of the harvests waiting, first come first, with when each last looked. */
  private readonly queue = new Map<number, number>();
  private tickets = 0;
  private readonly leaseMs: number;

  /**
   * `permits`: @default PAGE_PERMITS. `leaseMs`: how long a permit is held at most, and how long a
   * waiter that stopped looking keeps its turn, @default 60000: on Workers a cancelled request's
   * work stops where it is, and would otherwise keep its permit or its turn for ever.
   */
  constructor(
    readonly permits: number = PAGE_PERMITS,
    { leaseMs = 60_000 }: { leaseMs?: number } = {},
  ) {
    if (!(permits >= 1)) throw new RangeError('a page gate has at least one permit');
    this.leaseMs = leaseMs;
  }

  /**
   * Waits for a permit, in turn, looking again every `POLL_MS`; answers its release (idempotent). A
   * waiter polls on a timer of its own rather than awaiting a promise another harvest resolves: on
   * Workers each registration harvests in its own request, and a request waiting only on another's
   * work is cancelled as hung ("your Worker's code had hung").
   */
  async acquire(): Promise<() => void> {
    const ticket = this.tickets++;
    this.queue.set(ticket, Date.now());
    while (!this.turn(ticket)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      this.queue.set(ticket, Date.now());
    }
    this.queue.delete(ticket);
    this.held.set(ticket, Date.now());
    return () => {
      this.held.delete(ticket);
    };
  }

  /** True when a permit is free and `ticket` is the first waiter still looking. */
  private turn(ticket: number): boolean {
    const now = Date.now();
    for (const [holder, since] of this.held) if (now - since > this.leaseMs) this.held.delete(holder);
    if (this.held.size >= this.permits) return false;
    for (const [waiter, seen] of this.queue) {
      if (waiter === ticket) return true;
      if (now - seen <= this.leaseMs) return false;
      this.queue.delete(waiter);
    }
    return false;
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
