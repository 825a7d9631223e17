import type { Deliverer } from './deliverer';
import type { WebhookStore } from './store';

const MIN_WAIT_MS = 20;

export interface DispatcherOptions {
  store: WebhookStore;
  deliver: Deliverer;
  /** This dispatcher's lease holder id (one per instance). @default a random id */
  holder?: string;
  /** Subscriptions stepped at once: a slot freed claims the next due subscription at once. @default 64 */
  concurrency?: number;
  /** A lease's length: longer than one step (WEBHOOK_TIMEOUT_MS plus a margin). @default 30000 */
  leaseMs?: number;
  /** The longest sleep when nothing is due sooner (other instances' schedules). @default 1000 */
  pollMs?: number;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: () => number;
  /** Told of a step that threw (a store outage): the subscription stays due, its lease expires. */
  onError?: (error: unknown, id: string) => void;
}

export interface Dispatcher {
  /** Starts the loop. */
  start(): void;
  /** Stops claiming, lets the steps in flight finish, and resolves. */
  stop(): Promise<void>;
  /** New events are in the log (the feed's harvest wrote some): idle subscriptions are due at once. */
  notify(): void;
  /** One claim for the free slots: steps what it got and resolves, once those steps end, with how many there were. */
  runOnce(): Promise<number>;
}

/**
 * The delivery loop, a pipeline of `concurrency` slots: it claims due subscriptions under a lease
 * for the free slots, steps each (the deliverer's run of attempts) and releases it, and a slot
 * freed claims again at once, without waiting for the other steps. With nothing due it sleeps
 * until `notify`, a step's end, the next due time, or `pollMs` at most. Two dispatchers on one
 * shared store never step one subscription at once, so each attempt is made once and a product's
 * events go out in order.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, deliver, concurrency = 64, leaseMs = 30_000, pollMs = 1000, clock = Date.now } = options;
  const holder = options.holder ?? `d-${crypto.randomUUID()}`;
  let running = false;
  let loop: Promise<void> | undefined;
  /** Wakes the loop's sleep: a notify, a slot freed, or the stop. */
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const inFlight = new Set<Promise<void>>();

  const step = (id: string): Promise<void> => {
    const stepping = (async () => {
      try {
        await deliver(id);
        await store.release(id, holder);
      } catch (error) {
        // The lease is kept: the subscription is stepped again when it expires, by whichever instance claims it.
        options.onError?.(error, id);
      }
    })();
    inFlight.add(stepping);
    void stepping.finally(() => {
      inFlight.delete(stepping);
      wakeUp?.();
    });
    return stepping;
  };

  /** Claims for the free slots and starts the steps; their promises. */
  const fill = async (): Promise<Promise<void>[]> => {
    if (woken) {
      woken = false;
      await store.wake(clock());
    }
    const free = concurrency - inFlight.size;
    if (free <= 0) return [];
    const ids = await store.claim({ now: clock(), limit: free, holder, leaseMs });
    return ids.map(step);
  };

  const sleep = async (ms: number) => {
    if (woken) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  };

  const rest = async () => {
    const next = await store.nextDue().catch(() => null);
    // At least a few milliseconds: what is due may be leased by another instance (or in flight here), and this one must not spin.
    await sleep(Math.max(MIN_WAIT_MS, Math.min(pollMs, next === null ? pollMs : next - clock())));
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let started = 0;
          try {
            started = (await fill()).length;
          } catch (error) {
            options.onError?.(error, '');
          }
          if (!running) break;
          // Every slot busy: the next step to end frees one. Some claimed: claim again for what is left free.
          if (inFlight.size >= concurrency) await sleep(pollMs);
          else if (started === 0) await rest();
        }
        await Promise.all(inFlight);
      })();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      await Promise.all(inFlight);
    },
    notify() {
      woken = true;
      wakeUp?.();
    },
    async runOnce() {
      const steps = await fill();
      await Promise.all(steps);
      return steps.length;
    },
  };
}
