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

  it('goes on from a checkpoint: the pages before it are not read again, and count towards the caps', async () => {
    const source = (fetched: number[]) => async (page: number) => {
      fetched.push(page);
      return { records: [`a${page}`, `b${page}`], next: page < 6 ? page + 1 : undefined, bytes: 10 };
    };
    const whole: unknown[] = [];
    expect(await readPages({ first: 1, fetchPage: source([]), onRecord: (r) => whole.push(r), maxPages: 10 })).toEqual({ pages: 6 });

    const checkpoints: Array<{ next: number; pages: number; bytes: number }> = [];
    const first: unknown[] = [];
    await expect(
      readPages({
        first: 1,
        fetchPage: source([]),
        onRecord: (r) => first.push(r),
        maxPages: 10,
        // The invocation ends after its third page's checkpoint.
        onPage: async (progress) => {
          checkpoints.push(progress);
          if (progress.pages === 3) throw new Error('invocation ended');
        },
      }),
    ).rejects.toThrow('invocation ended');
    expect(checkpoints.at(-1)).toEqual({ next: 4, pages: 3, bytes: 30 });

    const fetched: number[] = [];
    const rest: unknown[] = [];
    expect(await readPages({ first: 1, resume: checkpoints.at(-1)!, fetchPage: source(fetched), onRecord: (r) => rest.push(r), maxPages: 10 })).toEqual({
      pages: 6,
    });
    expect(fetched).toEqual([4, 5, 6]);
    expect([...first, ...rest]).toEqual(whole);
    // The caps count the pages and bytes of the invocations before.
    expect((await readPages({ first: 1, resume: checkpoints.at(-1)!, fetchPage: source([]), onRecord: () => {}, maxPages: 4 })).truncated).toMatch(
      /cap of 4 pages/,
    );
    expect(
      (await readPages({ first: 1, resume: checkpoints.at(-1)!, fetchPage: source([]), onRecord: () => {}, maxPages: 10, maxBytes: 45 })).truncated,
    ).toMatch(/cap of 45 bytes/);
  });
});
