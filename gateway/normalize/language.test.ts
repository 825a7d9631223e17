import { describe, expect, it } from 'vitest';
import { canonicalLanguage, languagePreferences, parseAcceptLanguage, pickLocalized } from './language';

describe('canonicalLanguage', () => {
  it.each([
    ['in', 'id'],
    ['tl', 'fil'],
    ['EN-gb', 'en-GB'],
    ['zh-hans', 'zh-Hans'],
    ['vi', 'vi'],
  ])('canonicalizes %s as %s', (tag, expected) => expect(canonicalLanguage(tag)).toBe(expected));

  it('refuses a malformed tag with BAD_USER_INPUT', () => {
    expect(() => canonicalLanguage('not a tag!')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(() => canonicalLanguage('')).toThrow();
  });
});

describe('parseAcceptLanguage', () => {
  it('orders by q-value and keeps header order among equals', () => {
    expect(parseAcceptLanguage('en;q=0.5, vi, ja;q=0.8, tl;q=0.8')).toEqual(['vi', 'ja', 'fil', 'en']);
  });
  it('skips wildcards, q=0 and malformed entries', () => {
    expect(parseAcceptLanguage('*, th;q=0, bad tag!, ms')).toEqual(['ms']);
  });
});

describe('pickLocalized', () => {
  const names = { vi: 'Lạp sườn Bích Trâm', en: 'Bich Tram cured sausage' };
  it('answers in the requested language when the source has it', () => {
    expect(pickLocalized(names, languagePreferences('vi', null), 'vi')).toEqual({ value: names.vi, lang: 'vi', fallback: false });
  });
  it('falls back to English, flagged', () => {
    expect(pickLocalized(names, languagePreferences('ja', null), 'vi')).toEqual({ value: names.en, lang: 'en', fallback: true });
  });
  it('falls back to the source language when there is no English, flagged', () => {
    expect(pickLocalized({ ja: 'かぼす' }, languagePreferences('th', null), 'ja')).toEqual({ value: 'かぼす', lang: 'ja', fallback: true });
  });
  it('matches a regional request to the base language without calling it a fallback', () => {
    expect(pickLocalized(names, languagePreferences('en-AU', null), 'vi')).toEqual({ value: names.en, lang: 'en', fallback: false });
  });
  it('uses Accept-Language when no lang argument is given', () => {
    expect(pickLocalized(names, languagePreferences(undefined, 'fr, vi;q=0.9'), 'vi')).toEqual({ value: names.vi, lang: 'vi', fallback: true });
  });
});
