/** Slice builds an isolate runs at once (`BuildGate`). @default 1 */
export const BUILDS_AT_ONCE = 1;
/** How often a build waiting for its turn looks again. @default 20 ms */
export const BUILD_POLL_MS = 20;
/** How long a turn lasts unless its build renews it: a build whose request was cancelled never gives its turn back. @default 10 s */
export const BUILD_LEASE_MS = 10_000;

/** A build's turn (`BuildGate.enter`): renew it while the build goes on, give it back when done. */
export interface BuildTurn {
  /** The build goes on: its turn lasts another lease from now. */
  renew(): void;
  /** The build is done (or failed): the next may start. */
  leave(): void;
}

/**
 * Lets at most `slots` slice builds of an isolate run at once (issue 30): a connector's `finish`
 * builds its slice on each shard (`CatalogueBuilder`: the staged pages parsed a page at a time, the
 * postings' chunks, the columns, the document blocks), and six connectors' harvests end together, on
 * every shard of an isolate at once; each build holds megabytes until it is stored.
 *
 * Not a queue of promises: Workers cancels a request that awaits only a promise another request
 * resolves ("your Worker's code had hung", what the reverted `PageGate` met, decision record 0030),
 * so a build waiting for its turn looks again on its own timer (`pollMs`); and a turn lapses unless
 * its build renews it within `leaseMs` (a cancelled request stops where it is, and would never give
 * it back). A lapsed turn only lets two builds overlap for a while.
 */
export class BuildGate {
  private readonly slots: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  /** Each turn taken, with when it lapses. */
  private readonly turns = new Map<object, number>();
  /** The most builds that ran at once, and how many waited for a turn (what the bench reports). */
  readonly seen = { most: 0, waited: 0 };

  /** @default slots BUILDS_AT_ONCE; pollMs BUILD_POLL_MS; leaseMs BUILD_LEASE_MS */
  constructor(options: { slots?: number; pollMs?: number; leaseMs?: number } = {}) {
    this.slots = options.slots ?? BUILDS_AT_ONCE;
    this.pollMs = options.pollMs ?? BUILD_POLL_MS;
    this.leaseMs = options.leaseMs ?? BUILD_LEASE_MS;
  }

  /** Builds running now (turns taken and not lapsed). */
  get running(): number {
    this.lapse();
    return this.turns.size;
  }

  /** Waits for a turn, looking again every `pollMs`, and takes it. */
  async enter(): Promise<BuildTurn> {
    let waited = false;
    while (this.running >= this.slots) {
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    if (waited) this.seen.waited++;
    const turn = {};
    this.turns.set(turn, Date.now() + this.leaseMs);
    this.seen.most = Math.max(this.seen.most, this.turns.size);
    return {
      renew: () => {
        if (this.turns.has(turn)) this.turns.set(turn, Date.now() + this.leaseMs);
      },
      leave: () => {
        this.turns.delete(turn);
      },
    };
  }

  private lapse(): void {
    const now = Date.now();
    for (const [turn, until] of this.turns) if (until <= now) this.turns.delete(turn);
  }
}

/** The slice builds of this isolate: every `CatalogueShard` takes its turn here unless given its own gate (tests). */
export const isolateBuilds = new BuildGate();
