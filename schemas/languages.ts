/** The languages the controlled vocabularies are written in (BCP 47). */
export const VOCABULARY_LANGUAGES = ['en', 'ja', 'id', 'ms', 'vi', 'th', 'fil'] as const;
export type VocabularyLanguage = (typeof VOCABULARY_LANGUAGES)[number];

/** A label in every vocabulary language; English is the one every lookup can fall back to. */
export type Labels = { en: string } & Partial<Record<VocabularyLanguage, string>>;

/** Syntactic shape of a BCP 47 tag as stored in canonical records (already canonicalized). */
export const LANGUAGE_TAG_PATTERN = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$/;
