import { describe, expect, it } from 'vitest';
import { readPages } from './paginate';

describe('reading pages', () => {
  it('waits for the pace of whoever takes the records between batches', async () => {
    const seen: unknown[] = [];
    let release: () => void = () => {};
    let paced = 0;
    const reading = readPages({
      first: 1,
      fetchPage: async () => ({ records: Array.from({ length: 600 }, (_, i) => i), next: undefined }),
      onRecord: (record) => seen.push(record),
      maxPages: 1,
      pace: () => {
        paced++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(250);
    expect(paced).toBe(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(500);
    release();
    expect(await reading).toEqual({ pages: 1 });
    expect(seen).toHaveLength(600);
  });
});
