import { describe, expect, it } from 'vitest';
import { mergedOrder } from './catalogue-index';

/** The order a sort gives: positions by ascending value, ties by position. */
const sorted = (values: Float64Array) => Int32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);

describe('mergedOrder', () => {
  it('orders ascending runs as a sort does, ties between runs by position', () => {
    let seed = 11;
    const random = (n: number) => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 50; round++) {
      const runs = [0];
      const values: number[] = [];
      for (let r = 0, count = random(6); r < count; r++) {
        let value = random(5);
        for (let i = 0, length = random(20); i < length; i++) values.push((value += 1 + random(4)));
        runs.push(values.length);
      }
      const array = Float64Array.from(values);
      expect(mergedOrder(array, runs)).toEqual(sorted(array));
    }
  });

  it('gives none when a run does not ascend, for a sort to order it', () => {
    expect(mergedOrder(Float64Array.from([1, 3, 2, 0]), [0, 3, 4])).toBeUndefined();
    expect(mergedOrder(Float64Array.from([1, 1]), [0, 2])).toBeUndefined();
  });
});
