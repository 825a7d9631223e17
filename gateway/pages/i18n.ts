import { VOCABULARY_LANGUAGES, type VocabularyLanguage } from '../../schemas/languages';
import { en, type Messages } from './messages/en';
import { fil } from './messages/fil';
import { id } from './messages/id';
import { ja } from './messages/ja';
import { ms } from './messages/ms';
import { th } from './messages/th';
import { vi } from './messages/vi';

/** The key of an interface string (the English dictionary's keys, which every language has). */
export type MessageKey = keyof Messages;

/** Every interface string in every vocabulary language (en, ja, id, ms, vi, th, fil). */
export const MESSAGES: Readonly<Record<VocabularyLanguage, Messages>> = { en, ja, id, ms, vi, th, fil };

/** The interface language for a request's preferences: the first one the dictionary has, else English. */
export function interfaceLanguage(preferences: readonly string[]): VocabularyLanguage {
  for (const tag of preferences) {
    const base = tag.split('-')[0]!;
    const found = VOCABULARY_LANGUAGES.find((l) => l === base);
    if (found) return found;
  }
  return 'en';
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A translator for one language: the string with its `{name}` placeholders filled in. */
export function translator(lang: VocabularyLanguage): Translate {
  const dictionary = MESSAGES[lang];
  return (key, values) => {
    const text = dictionary[key];
    return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
  };
}
