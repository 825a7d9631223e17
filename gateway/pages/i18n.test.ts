import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('gives every language a dictionary object of its own', () => {
    const dictionaries = VOCABULARY_LANGUAGES.map((lang) => MESSAGES[lang]);
    expect(new Set(dictionaries).size).toBe(VOCABULARY_LANGUAGES.length);
  });

  it('writes every dictionary out in full, spreading no other language into it', () => {
    const folder = join(import.meta.dirname, 'messages');
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(files.map((name) => name.replace(/\.ts$/, '')).sort()).toEqual([...VOCABULARY_LANGUAGES].sort());
    for (const name of files) expect(readFileSync(join(folder, name), 'utf8'), name).not.toMatch(/^\s*\.\.\.\w/m);
  });

  it('speaks Malay in Malay, not Indonesian, where the two differ', () => {
    const t = translator('ms');
    expect(t('certifications')).toBe('Sijil');
    expect(t('currency')).toBe('Mata wang');
    expect(t('connector')).toBe('Penyambung');
    expect(t('starsAtLeast', { n: 4 })).toBe('4★ ke atas');
    expect(t('programmeSite')).toBe('Laman program');
    expect(translator('id')('certifications')).toBe('Sertifikat');
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
