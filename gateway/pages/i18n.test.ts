import { describe, expect, it } from 'vitest';
import { VOCABULARY_LANGUAGES } from '../../schemas/languages';
import { interfaceLanguage, MESSAGES, translator } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('interface strings', () => {
  const keys = Object.keys(MESSAGES.en).sort();

  it.each(VOCABULARY_LANGUAGES)('%s has every key, none empty, with the same placeholders as English', (lang) => {
    const dictionary = MESSAGES[lang] as Record<string, string>;
    expect(Object.keys(dictionary).sort()).toEqual(keys);
    for (const key of keys) {
      expect(dictionary[key]!.trim(), `${lang}.${key}`).not.toBe('');
      expect(placeholders(dictionary[key]!), `${lang}.${key}`).toEqual(placeholders((MESSAGES.en as Record<string, string>)[key]!));
    }
  });

  it('picks the first preference it has, by base language, else English', () => {
    expect(interfaceLanguage(['ko', 'vi-VN', 'en'])).toBe('vi');
    expect(interfaceLanguage(['fil'])).toBe('fil');
    expect(interfaceLanguage(['de'])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('en')('results', { n: 3 })).toBe('3 products');
    expect(translator('ja')('validUntil', {})).toBe('{date} まで有効');
  });
});
