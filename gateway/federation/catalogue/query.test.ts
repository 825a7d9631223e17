import { describe, expect, it } from 'vitest';
import { byScore } from './query';

describe('byScore', () => {
  it('orders matches best first, ties by document number, as a comparator sort would', () => {
    const scores = new Map<number, number>();
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let doc = 0; doc < 5000; doc++) if (random() < 0.6) scores.set(doc, [1, 2.5, 0.75, 4, 2.5 * 0.9][Math.floor(random() * 5)]!);
    const docs = Int32Array.from([...scores.keys()].reverse());
    const result = { docs, has: (d: number) => scores.has(d), score: (d: number) => scores.get(d) ?? 0 };
    const expected = [...docs].sort((a, b) => result.score(b) - result.score(a) || a - b);
    expect(byScore(result)).toEqual(expected);
    expect(byScore({ ...result, docs: new Int32Array(0) })).toEqual([]);
    // Ascending already, as a search's matches mostly come: the same order without sorting them.
    expect(byScore({ ...result, docs: Int32Array.from(docs).sort() })).toEqual(expected);
    expect(byScore({ ...result, docs: [...docs].sort((a, b) => a - b) })).toEqual(expected);
  });

  it('orders as many distinct scores as a long query gives the same way (past the few it scans for)', () => {
    const docs = Int32Array.from({ length: 3000 }, (_, i) => 2999 - i);
    const score = (doc: number) => ((doc * 7919) % 41) / 8;
    const result = { docs, has: () => true, score };
    expect(byScore(result)).toEqual([...docs].sort((a, b) => score(b) - score(a) || a - b));
  });
});
