import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import type { Connect, OutboundRequest } from './connect';
import { createUpstreamPipeline, type PipelineOptions } from './pipeline';
import { retryAfterMs } from './retry-after';

const open = { allowPrivate: true };
const noWait = async () => {};

/** A fake connect answering from a script, recording each hop it is asked for. */
const script = (...answers: Array<number | Error | Response | ((r: OutboundRequest) => Response)>) => {
  const hops: OutboundRequest[] = [];
  const connect: Connect = async (request) => {
    hops.push(request);
    const next = answers.shift() ?? 200;
    if (next instanceof Error) throw next;
    if (next instanceof Response) return next;
    if (typeof next === 'function') return next(request);
    return new Response(`status ${next}`, { status: next, headers: next === 429 ? { 'retry-after': '2' } : {} });
  };
  return { connect, hops };
};
const pipeline = (connect: Connect, extra: Partial<PipelineOptions> = {}) => createUpstreamPipeline({ connect, guard: open, sleep: noWait, ...extra });

/** A body that streams `chunk` forever, counting what was pulled. */
const endless = (chunk = new Uint8Array(1024)) => {
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({ pull: (c) => void ((pulled.bytes += chunk.byteLength), c.enqueue(chunk)) }, { highWaterMark: 0 });
  return { body, pulled };
};

describe('createUpstreamPipeline: timeout, retry, breaker', () => {
  it('retries 5xx and network errors with jittered backoff, then succeeds', async () => {
    const waits: number[] = [];
    const { connect, hops } = script(503, new Error('ECONNRESET'), 200);
    const t = pipeline(connect, { sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    expect((await t('http://u.test/x')).status).toBe(200);
    expect(hops).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('honours Retry-After on 429', async () => {
    const waits: number[] = [];
    const t = pipeline(script(429, 200).connect, { sleep: async (ms) => void waits.push(ms) });
    expect((await t('http://u.test/x')).status).toBe(200);
    expect(waits).toEqual([2000]);
  });

  it('does not retry a 404, and gives up after the last retry with a public message', async () => {
    const notFound = script(404);
    expect((await pipeline(notFound.connect)('http://u.test/x')).status).toBe(404);
    expect(notFound.hops).toHaveLength(1);
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:80'), { code: 'ECONNREFUSED' });
    const down = script(refused, refused, refused);
    const failure = pipeline(down.connect)('http://u.test/x');
    await expect(failure).rejects.toThrow('could not reach the upstream (ECONNREFUSED)');
    await expect(failure).rejects.not.toThrow(/10\.1\.2\.3|u\.test/);
  });

  it('answers the last upstream status, not a time-out, when the retries run out of time', async () => {
    const hang: Connect = ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    let calls = 0;
    const connect: Connect = async (request) => (calls++ === 0 ? new Response('down', { status: 503 }) : hang(request));
    const response = await pipeline(connect, { policy: { timeoutMs: 100 } })('http://u.test/x');
    expect(response.status).toBe(503);
    const waits: number[] = [];
    const tooLong = pipeline(script(503, 200).connect, {
      policy: { timeoutMs: 100, backoffMs: 1000 },
      random: () => 1,
      sleep: async (ms) => void waits.push(ms),
    });
    expect((await tooLong('http://u.test/x')).status).toBe(503);
    expect(waits).toEqual([]);
  });

  it('times out a request that does not answer', async () => {
    const hang: Connect = ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    await expect(pipeline(hang, { policy: { timeoutMs: 50 } })('http://u.test/x')).rejects.toThrow('timed out after 50 ms');
  });

  it('times out a body that never ends: the deadline includes the body', async () => {
    const trickle = (c: ReadableStreamDefaultController<Uint8Array>) =>
      new Promise<void>((r) =>
        setTimeout(() => {
          try {
            c.enqueue(new Uint8Array(1));
          } catch {}
          r();
        }, 10),
      );
    const slow = new ReadableStream<Uint8Array>({ pull: trickle }, { highWaterMark: 0 });
    const t = pipeline(script(new Response(slow)).connect, { policy: { timeoutMs: 80, retries: 0 } });
    await expect(t('http://u.test/x')).rejects.toThrow('timed out after 80 ms');
  });

  it('opens the circuit after repeated failures and lets a trial through after the cool-down', async () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1000, () => now);
    const { connect, hops } = script(500, 500, 200);
    const t = pipeline(connect, { breaker, policy: { retries: 0 } });
    await t('http://u.test/x');
    await t('http://u.test/x');
    await expect(t('http://u.test/x')).rejects.toThrow(/circuit open/);
    expect(hops).toHaveLength(2);
    now = 1000;
    expect((await t('http://u.test/x')).status).toBe(200);
    expect(breaker.state).toBe('closed');
  });
});

describe('createUpstreamPipeline: byte cap', () => {
  it('stops reading a streamed body as soon as it passes the cap', async () => {
    const { body, pulled } = endless();
    const t = pipeline(script(new Response(body)).connect, { policy: { maxBytes: 64 * 1024 } });
    await expect(t('http://u.test/x')).rejects.toThrow('body exceeded 64 KiB');
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024 + 2 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    const { body, pulled } = endless();
    const t = pipeline(script(new Response(body, { headers: { 'content-length': String(2 ** 30) } })).connect, { policy: { maxBytes: 1024 } });
    await expect(t('http://u.test/x')).rejects.toThrow('body exceeded 1 KiB');
    expect(pulled.bytes).toBe(0);
  });

  it('keeps the default cap when an option is given as undefined', async () => {
    const { body } = endless(new Uint8Array(1024 * 1024));
    const t = pipeline(script(new Response(body)).connect, { policy: { maxBytes: undefined, timeoutMs: undefined } });
    await expect(t('http://u.test/x')).rejects.toThrow('body exceeded 32 MiB');
  });

  it('answers a body within the cap in memory', async () => {
    const t = pipeline(script(new Response('x'.repeat(1000))).connect, { policy: { maxBytes: 1000 } });
    expect(await (await t('http://u.test/x')).text()).toHaveLength(1000);
  });
});

describe('createUpstreamPipeline: guard, pinning and redirects', () => {
  const redirect = (to: string, status = 302) => new Response(null, { status, headers: { location: to } });
  const secret = { 'x-api-key': 'k-123', authorization: 'Bearer t', cookie: 'c=1', accept: 'text/csv' };

  it('refuses a URL the guard refuses, before any connection, without naming the address', async () => {
    const { connect, hops } = script();
    const t = createUpstreamPipeline({ connect, guard: { allowPrivate: false } });
    await expect(t('http://[2002:7f00:1::1]/x')).rejects.toThrow('refused upstream URL: address not allowed (6to4)');
    await expect(t('http://[2002:7f00:1::1]/x')).rejects.not.toThrow(/2002/);
    expect(hops).toHaveLength(0);
  });

  it('connects to the address the guard checked, resolving once per hop', async () => {
    const lookups: string[] = [];
    const resolve = async (host: string) => (lookups.push(host), lookups.length === 1 ? ['93.184.216.34'] : ['127.0.0.1']);
    const { connect, hops } = script();
    await createUpstreamPipeline({ connect, guard: { allowPrivate: false, resolve } })('http://catalogue.example/x');
    expect(lookups).toEqual(['catalogue.example']);
    expect(hops[0]!.addresses).toEqual(['93.184.216.34']);
  });

  it('keeps the headers on a same-origin redirect and drops the secret ones on a cross-origin one', async () => {
    const { connect, hops } = script(redirect('/moved', 301), redirect('https://other.test/y'), 200);
    const t = pipeline(connect, { headers: (h) => h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') });
    expect((await t('http://u.test/x', { headers: secret })).status).toBe(200);
    expect(hops.map((h) => h.url)).toEqual(['http://u.test/x', 'http://u.test/moved', 'https://other.test/y']);
    expect(hops[1]!.headers.get('x-api-key')).toBe('k-123');
    const last = hops[2]!.headers;
    expect([last.get('x-api-key'), last.get('authorization'), last.get('cookie')]).toEqual([null, null, null]);
    expect(last.get('accept')).toBe('text/csv');
    expect(last.get('traceparent')).toMatch(/^00-/);
  });

  it('checks every hop: a redirect to a refused address goes nowhere', async () => {
    const { connect, hops } = script(redirect('http://169.254.169.254/latest/meta-data/'));
    await expect(pipeline(connect)('http://u.test/x')).rejects.toThrow('address not allowed (link-local)');
    expect(hops).toHaveLength(1);
  });

  it('stops after the hop limit', async () => {
    const { connect } = script(...Array.from({ length: 10 }, (_, i) => redirect(`/r${i}`)));
    await expect(pipeline(connect, { policy: { maxRedirects: 3 } })('http://u.test/x')).rejects.toThrow('more than 3 redirects');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('createUpstreamPipeline: a request with a body', () => {
  it('sends the body as bytes, and answers a redirect as it is instead of following it', async () => {
    const { connect, hops } = script(new Response(null, { status: 307, headers: { location: 'http://elsewhere.test/' } }));
    const answer = await pipeline(connect)('http://u.test/hook', { method: 'POST', body: 'é{}' });
    expect(answer.status).toBe(307);
    expect(hops).toHaveLength(1);
    expect(hops[0]!.method).toBe('POST');
    expect(new TextDecoder().decode(hops[0]!.body)).toBe('é{}');
  });
});
