import { vi } from 'vitest';

/** How long `until` waits, and how often it looks. */
export interface UntilOptions {
  /** @default 15_000 */
  timeout?: number;
  /** @default 50 */
  interval?: number;
}

/**
 * Waits until `condition` holds, looking every `interval` ms; after `timeout` ms it fails naming
 * `what` it waited for. For conditions on counters a test keeps itself (load generators, phases of
 * a fault); `expect.poll` reads better when the condition is one request's answer. The timeout
 * bounds a hang, it is not a claim about speed.
 */
export async function until(what: string, condition: () => boolean | Promise<boolean>, options: UntilOptions = {}): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error(`still waiting: ${what}`);
    },
    { timeout: options.timeout ?? 15_000, interval: options.interval ?? 50 },
  );
}
