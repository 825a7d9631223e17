import { describe, expect, it } from 'vitest';
import { boundedDistance, codePoints } from './edit-distance';

const distance = (a: string, b: string, max = 2) => boundedDistance(codePoints(a), codePoints(b), max);

describe('boundedDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour transpositions as one edit each', () => {
    expect(distance('pottery', 'pottery')).toBe(0);
    expect(distance('pottary', 'pottery')).toBe(1);
    expect(distance('potery', 'pottery')).toBe(1);
    expect(distance('ptotery', 'pottery')).toBe(1);
    expect(distance('pottery', 'battery')).toBe(2);
  });

  it('stops at max + 1, and gives the same answers whatever lengths came before (its rows are reused)', () => {
    expect(distance('abcdefgh', 'zyxwvuts', 1)).toBe(2);
    const long = 'a'.repeat(200);
    expect(distance(long, `${long.slice(1)}b`, 2)).toBe(1);
    expect(distance(long, `b${long.slice(2)}b`, 2)).toBe(2);
    expect(distance(long, `bb${long.slice(3)}b`, 2)).toBe(3);
    expect(distance('cafe', 'cafè', 1)).toBe(1);
    expect(distance('ｶﾎﾞｽ', 'ｶﾎﾞｽ', 1)).toBe(0);
  });
});
