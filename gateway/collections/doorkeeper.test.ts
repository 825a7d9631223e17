import { describe, expect, it } from 'vitest';
import { Doorkeeper } from './doorkeeper';

describe('Doorkeeper', () => {
  it('answers false the first time a key is asked, true the second', () => {
    const keeper = new Doorkeeper();
    expect(keeper.seen('1\u0000jp:1\u0000https://x')).toBe(false);
    expect(keeper.seen('1\u0000jp:1\u0000https://x')).toBe(true);
    expect(keeper.seen('1\u0000jp:2\u0000https://x')).toBe(false);
  });

  it('holds its bits and nothing more, however many keys pass', () => {
    const keeper = new Doorkeeper({ bits: 1024 });
    for (let i = 0; i < 100_000; i++) keeper.seen(`key ${i}`);
    expect(keeper.bytes).toBe(128);
  });

  it('seldom answers true falsely, and forgets once an eighth of its bits are set', () => {
    const keeper = new Doorkeeper({ bits: 2 ** 12 });
    keeper.seen('early');
    let falsely = 0;
    for (let i = 0; i < 200; i++) if (keeper.seen(`once ${i}`)) falsely++;
    expect(falsely).toBeLessThanOrEqual(6);
    expect(keeper.seen('early')).toBe(true);
    for (let i = 0; i < 1000; i++) keeper.seen(`later ${i}`);
    expect(keeper.seen('early')).toBe(false);
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new Doorkeeper({ bits: 1000 })).toThrow(RangeError);
  });
});
