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
  });
});
