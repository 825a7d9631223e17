import { describe, expect, it } from 'vitest';
import { FragmentMemo, serialOf } from './fragment-memo';

const bytes = (n: number) => new Uint8Array(n).fill(0x30);
const memo = (maxBytes?: number) => new FragmentMemo({ keys: {}, pure: new Set(), scope: (ctx) => String(ctx), maxBytes });

describe('FragmentMemo', () => {
  it('keeps answers until its byte bound, dropping the oldest first', () => {
    const kept = memo(100);
    for (let i = 0; i < 5; i++) kept.keep(1, 1, [`k${i}`, i % 2], bytes(30));
    expect(kept.bytes).toBe(90);
    expect(kept.get(1, 1, ['k0', 0])).toBeUndefined();
    expect(kept.get(1, 1, ['k1', 1])).toBeUndefined();
    expect(kept.get(1, 1, ['k4', 0])?.json.byteLength).toBe(30);
    expect(kept.get(1, 1, ['k4', 1])).toBeUndefined();
    expect(kept.get(1, 2, ['k4', 0])).toBeUndefined();
    expect(kept.get(2, 1, ['k4', 0])).toBeUndefined();
  });

  it('returns an answer too large to keep without keeping it', () => {
    const kept = memo(10);
    expect(kept.keep(1, 1, ['big'], bytes(11)).json.byteLength).toBe(11);
    expect(kept.get(1, 1, ['big'])).toBeUndefined();
    expect(kept.bytes).toBe(0);
  });

  it('numbers scopes, and starts again when request headers make too many of them', () => {
    const kept = memo();
    expect(kept.scope('en')).toBe(kept.scope('en'));
    expect(kept.scope('ja')).not.toBe(kept.scope('en'));
    kept.keep(1, kept.scope('en'), ['x'], bytes(5));
    for (let i = 0; i < 5000; i++) kept.scope(`lang-${i}`);
    expect(kept.get(1, 1, ['x'])).toBeUndefined();
  });

  it('never gives a number to two scopes, even across a start again (a run keeps its number across awaits)', () => {
    const kept = memo();
    const numbers = new Set<number>();
    for (let i = 0; i < 10_000; i++) numbers.add(kept.scope(`lang-${i}`));
    expect(numbers.size).toBe(10_000);
  });
});

describe('FragmentMemo keys', () => {
  it('tells objects apart by identity, and keeps the first answer under a key', () => {
    const kept = memo();
    const en = ['en'];
    kept.keep(1, 1, [en, 'USD'], bytes(1));
    kept.keep(1, 1, [en, 'USD'], bytes(2));
    expect(kept.get(1, 1, [en, 'USD'])?.json.byteLength).toBe(1);
    expect(kept.get(1, 1, [['en'], 'USD'])).toBeUndefined();
    expect(kept.bytes).toBe(1);
  });

  it('forgets the Maps that dropped answers leave empty, whatever the number of plans and keys', () => {
    const kept = memo(10);
    const last = {};
    for (let plan = 0; plan < 10_000; plan++) kept.keep(plan, 1, [plan === 9_999 ? last : {}, plan], bytes(10));
    expect(kept.bytes).toBe(10);
    expect(kept.get(9_999, 1, [last, 9_999])?.json.byteLength).toBe(10);
    // The root, and one Map for each part above the last: plan, scope, object.
    expect(kept.stats()).toEqual({ fragments: 1, maps: 4 });
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
