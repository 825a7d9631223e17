import { describe, expect, it } from 'vitest';
import { FragmentMemo, serialOf } from './fragment-memo';

const bytes = (n: number) => new Uint8Array(n).fill(0x30);
const memo = (maxBytes?: number) => new FragmentMemo({ keys: {}, pure: new Set(), scope: (ctx) => String(ctx), maxBytes });

describe('FragmentMemo', () => {
  it('keeps answers until its byte bound, dropping the oldest first', () => {
    const kept = memo(100);
    for (let i = 0; i < 5; i++) kept.keep(`k${i}`, bytes(30));
    expect(kept.bytes).toBe(90);
    expect(kept.get('k0')).toBeUndefined();
    expect(kept.get('k1')).toBeUndefined();
    expect(kept.get('k4')?.json.byteLength).toBe(30);
  });

  it('returns an answer too large to keep without keeping it', () => {
    const kept = memo(10);
    expect(kept.keep('big', bytes(11)).json.byteLength).toBe(11);
    expect(kept.get('big')).toBeUndefined();
    expect(kept.bytes).toBe(0);
  });

  it('numbers scopes, and starts again when request headers make too many of them', () => {
    const kept = memo();
    expect(kept.scope('en')).toBe(kept.scope('en'));
    expect(kept.scope('ja')).not.toBe(kept.scope('en'));
    kept.keep('x', bytes(5));
    for (let i = 0; i < 5000; i++) kept.scope(`lang-${i}`);
    expect(kept.get('x')).toBeUndefined();
  });

  it('never gives a number to two scopes, even across a start again (a run keeps its number across awaits)', () => {
    const kept = memo();
    const numbers = new Set<number>();
    for (let i = 0; i < 10_000; i++) numbers.add(kept.scope(`lang-${i}`));
    expect(numbers.size).toBe(10_000);
  });
});

describe('serialOf', () => {
  it('gives an object the same number for life, and another object another', () => {
    const a = {};
    const b = {};
    expect(serialOf(a)).toBe(serialOf(a));
    expect(serialOf(a)).not.toBe(serialOf(b));
  });
});
