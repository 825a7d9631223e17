import type { Deliverer } from './deliverer';
import type { WebhookStore } from './store';

const MIN_WAIT_MS = 20;

export interface DispatcherOptions {
  store: WebhookStore;
  deliver: Deliverer;
  /** This dispatcher's lease holder id (one per instance). @default a random id */
  holder?: string;
  /** Subscriptions stepped at once. @default 8 */
  concurrency?: number;
  /** A lease's length: longer than one step (WEBHOOK_TIMEOUT_MS plus a margin). @default 30000 */
  leaseMs?: number;
  /** The longest sleep between rounds when nothing is due sooner (other instances' schedules). @default 1000 */
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
  /** One round: claims what is due, steps it (bounded concurrency) and resolves with how many were stepped. */
  runOnce(): Promise<number>;
}

/**
 * The delivery loop: claims due subscriptions under a lease, steps each (one delivery attempt)
 * with bounded concurrency, releases, and goes round again: at once while there was work, else
 * when `notify` is called, when the next due time comes, or after `pollMs` at most. Two
 * dispatchers on one shared store never step one subscription at once, so each attempt is made
 * once and a product's events go out in order.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, deliver, concurrency = 8, leaseMs = 30_000, pollMs = 1000, clock = Date.now } = options;
  const holder = options.holder ?? `d-${crypto.randomUUID()}`;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  const runOnce = async () => {
    if (woken) {
      woken = false;
      await store.wake(clock());
    }
    const ids = await store.claim({ now: clock(), limit: concurrency, holder, leaseMs });
    await Promise.all(
      ids.map(async (id) => {
        try {
          await deliver(id);
          await store.release(id, holder);
        } catch (error) {
          // The lease is kept: the subscription is stepped again when it expires, by whichever instance claims it.
          options.onError?.(error, id);
        }
      }),
    );
    return ids.length;
  };

  const rest = async () => {
    const next = await store.nextDue().catch(() => null);
    // At least a few milliseconds: what is due may be leased by another instance, and this one must not spin.
    const wait = Math.max(MIN_WAIT_MS, Math.min(pollMs, next === null ? pollMs : next - clock()));
    if (woken) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let stepped = 0;
          try {
            stepped = await runOnce();
          } catch (error) {
            options.onError?.(error, '');
          }
          if (running && stepped === 0) await rest();
        }
      })();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
    notify() {
      woken = true;
      wakeUp?.();
    },
    runOnce,
  };
}
