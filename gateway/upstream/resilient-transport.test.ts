import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { resilientTransport, retryAfterMs } from './resilient-transport';

const answers = (...statuses: Array<number | Error>) => {
  const calls: string[] = [];
  const inner = async (url: string) => {
    calls.push(url);
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    return new Response(`status ${next}`, { status: next, headers: next === 429 ? { 'retry-after': '2' } : {} });
  };
  return { inner, calls };
};

describe('resilientTransport', () => {
  it('retries 5xx and network errors with jittered backoff, then succeeds', async () => {
    const waits: number[] = [];
    const { inner, calls } = answers(503, new Error('ECONNRESET'), 200);
    const t = resilientTransport(inner, { sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    expect((await t('http://u/x')).status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('honours Retry-After on 429', async () => {
    const waits: number[] = [];
    const { inner } = answers(429, 200);
    const t = resilientTransport(inner, { sleep: async (ms) => void waits.push(ms) });
    expect((await t('http://u/x')).status).toBe(200);
    expect(waits).toEqual([2000]);
  });

  it('does not retry a 404, and gives up after the last retry', async () => {
    const notFound = answers(404);
    expect((await resilientTransport(notFound.inner)('http://u/x')).status).toBe(404);
    expect(notFound.calls).toHaveLength(1);
    const down = answers(new Error('refused'), new Error('refused'), new Error('refused'));
    await expect(resilientTransport(down.inner, { sleep: async () => {} })('http://u/x')).rejects.toThrow(/refused after 3 attempts/);
  });

  it('times out a request that does not answer', async () => {
    const hang = async (_: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const t = resilientTransport(hang, { policy: { timeoutMs: 50, retries: 0 } });
    await expect(t('http://u/x')).rejects.toThrow(/no answer within 50 ms/);
  });

  it('opens the circuit after repeated failures and lets a trial through after the cool-down', async () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1000, () => now);
    const { inner, calls } = answers(500, 500, 200);
    const t = resilientTransport(inner, { breaker, policy: { retries: 0 } });
    await t('http://u/x');
    await t('http://u/x');
    await expect(t('http://u/x')).rejects.toThrow(/circuit open/);
    expect(calls).toHaveLength(2);
    now = 1000;
    expect((await t('http://u/x')).status).toBe(200);
    expect(breaker.state).toBe('closed');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
