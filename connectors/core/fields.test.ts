import { describe, expect, it } from 'vitest';
import { compact, languageMap } from './fields';

/** What compact did before (entries, filter, fromEntries): the loop must answer the same. */
const viaEntries = <T extends Record<string, unknown>>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

describe('compact', () => {
  it('leaves out undefined values and keeps the rest, null, false and 0 included, in order', () => {
    const value = { b: 1, a: undefined, c: null, d: false, e: 0, f: '', g: { h: undefined } };
    const kept = compact(value);
    expect(kept).toStrictEqual(viaEntries(value));
    expect(Object.keys(kept)).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('keeps a __proto__ key as an own property, as fromEntries does, without touching the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}') as Record<string, unknown>;
    const kept = compact(value);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.hasOwn(kept, '__proto__')).toBe(true);
    expect((kept as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(kept)).toBe(JSON.stringify(viaEntries(value)));
    expect(Object.getOwnPropertyDescriptor(kept, '__proto__')).toEqual(Object.getOwnPropertyDescriptor(viaEntries(value), '__proto__'));
  });
});

describe('languageMap', () => {
  const viaEntries = (values: Record<string, unknown>) => {
    const entries = Object.entries(values).flatMap(([lang, v]) => (typeof v === 'string' && v.trim() ? [[lang, v] as const] : []));
    return entries.length ? Object.fromEntries(entries) : undefined;
  };

  it('keeps the languages with text, in order, and is undefined with none', () => {
    expect(languageMap({ ja: '柚子', en: '', vi: undefined, th: 'ส้ม' })).toStrictEqual(viaEntries({ ja: '柚子', en: '', vi: undefined, th: 'ส้ม' }));
    expect(languageMap({ en: ' ', ja: null })).toBeUndefined();
  });

  it('keeps a __proto__ language as an own property, not as the prototype', () => {
    const map = languageMap(JSON.parse('{"__proto__": "x", "en": "y"}'))!;
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(map)).toEqual(['__proto__', 'en']);
  });
});
