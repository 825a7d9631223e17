import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byScore, topByScore } from './top-by-score';

/** The order a comparator sort gives: best score first, ties by document number. */
function reference(docs: ArrayLike<number>, scores: ArrayLike<number>): number[] {
  const score = new Map(Array.from(docs, (doc, i) => [doc, scores[i]!] as const));
  return Array.from(docs).sort((a, b) => score.get(b)! - score.get(a)! || a - b);
}

/** Documents 0..n-1 in a shuffled order with scores from a few values (a search's field weights times match factors). */
function matches(n: number, values: readonly number[], seed: number) {
  let state = seed;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const docs = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
  }
  const scores = Float64Array.from(docs, () => values[Math.floor(random() * values.length)]!);
  return { docs, scores };
}

describe('byScore', () => {
  it('orders matches best first, ties by document number, as a comparator sort would', () => {
    const { docs, scores } = matches(5000, [1, 2.5, 0.75, 4, 2.5 * 0.9], 7);
    const expected = reference(docs, scores);
    expect(Array.from(byScore({ docs, scores }))).toEqual(expected);
    expect(Array.from(byScore({ docs: new Int32Array(0), scores: new Float64Array(0) }))).toEqual([]);
    // Ascending already, as a search's matches mostly come: the same order without sorting them.
    const order = Array.from(docs.keys()).sort((a, b) => docs[a]! - docs[b]!);
    const ascending = { docs: Int32Array.from(order, (i) => docs[i]!), scores: Float64Array.from(order, (i) => scores[i]!) };
    expect(Array.from(byScore(ascending))).toEqual(expected);
    expect(Array.from(byScore({ docs: Array.from(ascending.docs), scores: Array.from(ascending.scores) }))).toEqual(expected);
  });

  it('orders as many distinct scores as a long query gives the same way (past the few it scans for)', () => {
    const docs = Int32Array.from({ length: 3000 }, (_, i) => 2999 - i);
    const scores = Float64Array.from(docs, (doc) => ((doc * 7919) % 41) / 8);
    expect(Array.from(byScore({ docs, scores }))).toEqual(reference(docs, scores));
  });
});

describe('topByScore', () => {
  it('gives any window of the order, ties included, without ordering the rest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.constantFrom(32, 4, 2, 1, 0.5, 1 / 64, 10 / 3, 0.1 + 0.2), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 0, max: 450 }),
        fc.integer({ min: 0, max: 120 }),
        (n, values, seed, from, count) => {
          const { docs, scores } = matches(n, values, seed);
          const expected = reference(docs, scores).slice(from, from + count);
          expect(topByScore({ docs, scores }, from, count)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pages through a broad word whose matches share one score, and through many distinct scores', () => {
    const broad = { docs: Int32Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 20_000), scores: new Float64Array(20_000).fill(4) };
    const order = reference(broad.docs, broad.scores);
    for (const [from, count] of [
      [0, 20],
      [20, 20],
      [19_990, 20],
      [3000, 100],
    ] as const) {
      expect(topByScore(broad, from, count)).toEqual(order.slice(from, from + count));
    }
    const docs = Int32Array.from({ length: 3000 }, (_, i) => 2999 - i);
    const scores = Float64Array.from(docs, (doc) => ((doc * 7919) % 41) / 8);
    expect(topByScore({ docs, scores }, 70, 50)).toEqual(reference(docs, scores).slice(70, 120));
  });
});
