import { describe, expect, it } from 'vitest';
import { PagesAhead } from './pages-ahead';

const ahead = (maxBytes = 1 << 20, pendingBytes = 1000) => new PagesAhead<Uint8Array>({ maxBytes, pendingBytes, sizeOf: (page) => page.byteLength });

describe('PagesAhead', () => {
  it('makes a page once however often started, and gives it once', async () => {
    const pages = ahead();
    let made = 0;
    const make = async () => {
      made++;
      return new Uint8Array(10);
    };
    pages.start('k', make);
    pages.start('k', make);
    expect(made).toBe(1);
    expect((await pages.take('k'))?.byteLength).toBe(10);
    expect(await pages.take('k')).toBeNull();
  });

  it('drops a page whose making failed, without an unhandled rejection', async () => {
    const pages = ahead();
    pages.start('k', () => Promise.reject(new Error('cursor expired')));
    expect(await pages.take('k')).toBeNull();
  });

  it('holds at most maxBytes, the oldest page out first', async () => {
    const pages = ahead(4096, 1000);
    for (const key of ['a', 'b', 'c', 'd', 'e']) pages.start(key, async () => new Uint8Array(1500));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pages.bytes).toBeLessThanOrEqual(4096);
    expect(await pages.take('a')).toBeNull();
    expect((await pages.take('e'))?.byteLength).toBe(1500);
  });
});
