import { describe, expect, it } from 'vitest';
import { type PageAhead, PagesAhead } from './pages-ahead';

const page = (bytes: number, stamp = 's1'): PageAhead => ({ body: new Uint8Array(bytes), next: 'c1.next', hasMore: true, full: true, stamp });

describe('PagesAhead', () => {
  it('serves a page once, and only with the stamp it was built with', async () => {
    const ahead = new PagesAhead();
    let builds = 0;
    const build = async () => {
      builds++;
      return page(10);
    };
    ahead.start('k', build);
    ahead.start('k', build);
    expect(builds).toBe(1);
    expect((await ahead.take('k', 's1'))?.body.byteLength).toBe(10);
    expect(await ahead.take('k', 's1')).toBeNull();
    ahead.start('k', build);
    expect(await ahead.take('k', 's2')).toBeNull();
  });

  it('drops a page whose build failed, without an unhandled rejection', async () => {
    const ahead = new PagesAhead();
    ahead.start('k', () => Promise.reject(new Error('cursor expired')));
    expect(await ahead.take('k', 's1')).toBeNull();
  });

  it('holds at most maxBytes, the oldest page out first', async () => {
    const ahead = new PagesAhead({ maxBytes: 4096, pendingBytes: 1000 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) ahead.start(key, async () => page(1500));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ahead.bytes).toBeLessThanOrEqual(4096);
    expect(await ahead.take('a', 's1')).toBeNull();
    expect((await ahead.take('e', 's1'))?.body.byteLength).toBe(1500);
  });
});
