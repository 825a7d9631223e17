import { describe, expect, it } from 'vitest';
import { gatedTransport, PageGate } from './page-gate';

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('PageGate', () => {
  it('lets `permits` harvests hold a page at once; the next fetch waits until one asks for its next page or ends', async () => {
    const gate = new PageGate(2);
    const fetched: string[] = [];
    const upstream = async (url: string) => {
      fetched.push(url);
      return new Response('[]');
    };
    const [a, b, c] = ['a', 'b', 'c'].map(() => gatedTransport(upstream, gate));
    await a!.transport('a1');
    await b!.transport('b1');
    const third = c!.transport('c1');
    await tick();
    expect(fetched).toEqual(['a1', 'b1']);
    // a asks for its next page: its first is let go, c takes the permit, a waits.
    const aNext = a!.transport('a2');
    await third;
    await tick();
    expect(fetched).toEqual(['a1', 'b1', 'c1']);
    b!.release();
    await aNext;
    expect(fetched).toEqual(['a1', 'b1', 'c1', 'a2']);
    a!.release();
    c!.release();
    c!.release();
    // Both permits are free again, once each.
    await Promise.all([gatedTransport(upstream, gate).transport('d1'), gatedTransport(upstream, gate).transport('e1')]);
    const late = gatedTransport(upstream, gate).transport('f1');
    await tick();
    expect(fetched.at(-1)).not.toBe('f1');
    expect(late).toBeInstanceOf(Promise);
  });

  it('refuses a gate with no permit', () => {
    expect(() => new PageGate(0)).toThrow(RangeError);
  });
});

describe('PageGate, when a harvest stops where it is (a cancelled request on Workers)', () => {
  it('takes back a permit held past its lease', async () => {
    const gate = new PageGate(1, { leaseMs: 50 });
    await gate.acquire(); // never released
    const started = Date.now();
    const release = await gate.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    release();
    release();
    // Released (once, whatever the calls): the next takes it at once.
    const at = Date.now();
    (await gate.acquire())();
    expect(Date.now() - at).toBeLessThan(45);
  });
});
