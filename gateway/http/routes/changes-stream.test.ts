import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { appendChange } from '../../../test/helpers/changes';
import { serveOnFreePort } from '../../../test/helpers/serve';
import type { ChangeLog } from '../../changes/change-log';
import { createMemoryChangeLog } from '../../changes/memory-change-log';
import { ChangeTail } from '../../changes/tail';
import type { Federation } from '../../federation/federation';
import { PublicOrigin } from '../../jsonld/public-origin';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import { changeStreamRoute } from './changes-stream';
import type { GatewayHono } from './env';

/** A catalogue with no products: events then carry a null product, which is all these tests need. */
const emptyCatalogue = { warmIndex: () => ({ docOf: () => -1, lookup: async (ids: string[]) => ids.map(() => null) }) } as unknown as Federation;

function app(tail: ChangeTail, options: { heartbeatMs?: number; maxBufferedBytes?: number } = {}): GatewayHono {
  const hono: GatewayHono = new Hono();
  hono.use('*', async (c, next) => (c.set('requestId', 'test-request-0001'), next()));
  changeStreamRoute(hono, { tail, federation: emptyCatalogue, rates: () => BUNDLED_RATES, origin: new PublicOrigin(undefined), timings: () => '', ...options });
  return hono;
}

const append = (log: ChangeLog, productId: string, version: number, padding = 0) => appendChange(log, { productId, version, padding });

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

describe('changeStreamRoute', () => {
  it('sends a comment line every heartbeat while idle (over real HTTP)', async () => {
    const log = createMemoryChangeLog();
    const served = await serveOnFreePort(app(new ChangeTail({ log }), { heartbeatMs: 30 }).fetch);
    try {
      const response = await fetch(`${served.url}/changes/stream`);
      const reader = response.body!.getReader();
      // The opening comment, then at least three beats: `:` alone on a line.
      const text = await readUntil(reader, (t) => (t.match(/^:\n\n/gm) ?? []).length >= 3);
      expect(text.startsWith(': ovop change stream\n')).toBe(true);
      await reader.cancel();
    } finally {
      await served.close();
    }
  });

  it('drops a reader that does not read past its bound, and says why before closing', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const response = await app(tail, { maxBufferedBytes: 4096 }).request('/changes/stream');
    // Nothing is read: the stream pulls nothing, and the follower holds what the tail hands over.
    for (let v = 1; v <= 20; v++) await append(log, 'jp-ovop:SLOW', v, 300);
    await tail.pollNow();
    expect(tail.followers).toBe(0);
    const text = await readUntil(response.body!.getReader(), (t) => t.includes('ovop.stream.closed'));
    expect(text).toContain('event: ovop.stream.closed\ndata: {"reason":"slow-consumer"');
  });

  it('writes each event as id, event and data lines', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const start = await log.head();
    await append(log, 'jp-ovop:ONE', 1);
    const response = await app(tail).request(`/changes/stream?after=${start}`);
    const reader = response.body!.getReader();
    const text = await readUntil(reader, (t) => /data: .*\n\n/.test(t));
    const block = text.split('\n\n').find((b) => b.startsWith('id: '))!;
    const [id, event, data] = block.split('\n');
    expect(id).toBe(`id: ${(await log.read({ after: start, limit: 1 })).entries[0]!.cursor}`);
    expect(event).toBe('event: ovop.product.created');
    expect(JSON.parse(data!.slice(6))).toMatchObject({ specversion: '1.0', subject: 'jp-ovop:ONE', data: { product: null } });
    await reader.cancel();
    expect(tail.followers).toBe(0);
  });

  it('lets its follower go when the request is aborted, where each request is its own (Workers: the body is not cancelled)', async () => {
    const tail = new ChangeTail({ log: createMemoryChangeLog(), pollMs: 3_600_000, perFollower: true });
    const abort = new AbortController();
    const response = await app(tail).request('/changes/stream', { signal: abort.signal });
    expect(response.headers.get('x-request-id')).toBe('test-request-0001');
    await readUntil(response.body!.getReader(), (t) => t.includes('ovop change stream'));
    expect(tail.followers).toBe(1);
    abort.abort();
    expect(tail.followers).toBe(0);
  });

  it('beats for every idle stream with one timer where the tail is shared (Node)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const tail = new ChangeTail({ log: createMemoryChangeLog(), pollMs: 3_600_000 });
      const hono = app(tail, { heartbeatMs: 1000 });
      const readers = await Promise.all([1, 2, 3].map(async () => (await hono.request('/changes/stream')).body!.getReader()));
      for (const reader of readers) await readUntil(reader, (t) => t.includes('ovop change stream'));
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(1000);
      for (const reader of readers) expect(await readUntil(reader, (t) => t.includes(':\n\n'))).toBe(':\n\n');
      for (const reader of readers) await reader.cancel();
      expect(tail.followers).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
