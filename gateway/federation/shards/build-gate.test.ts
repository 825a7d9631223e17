import { describe, expect, it } from 'vitest';
import { BuildGate } from './build-gate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BuildGate', () => {
  it('runs one build at a time, the others waiting for their turn on their own timers', async () => {
    const gate = new BuildGate({ slots: 1, pollMs: 1 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (n) => {
        const turn = await gate.enter();
        try {
          most = Math.max(most, ++running);
          for (let page = 0; page < 3; page++) await sleep(1), turn.renew();
          order.push(n);
        } finally {
          running--;
          turn.leave();
        }
      }),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3]);
    expect(gate.seen).toEqual({ most: 1, waited: 3 });
    expect(gate.running).toBe(0);
  });

  it('lets a turn lapse that its build stopped renewing (a cancelled request), so the next may start', async () => {
    const gate = new BuildGate({ slots: 1, pollMs: 1, leaseMs: 20 });
    await gate.enter(); // never renewed nor given back
    const next = await gate.enter();
    expect(gate.running).toBe(1);
    next.leave();
    expect(gate.running).toBe(0);
  });
});
