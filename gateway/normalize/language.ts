import { BoundedMap } from '../collections/bounded-map';
import { badInput } from '../errors';

/** Tags that Intl keeps but the gateway reads as another language: Tagalog as Filipino. */
const ALIASES: Record<string, string> = { tl: 'fil', in: 'id', iw: 'he', ji: 'yi' };

/**
 * A BCP 47 tag in canonical form (`in` → `id`, `tl` → `fil`, `EN-gb` → `en-GB`).
 * A malformed tag is BAD_USER_INPUT.
 */
export function canonicalLanguage(tag: string): string {
  let canonical: string;
  try {
    [canonical = ''] = Intl.getCanonicalLocales(tag.trim());
  } catch {
    throw badInput(`"${tag}" is not a BCP 47 language tag`, { argument: 'lang' });
  }
  if (!canonical) throw badInput(`"${tag}" is not a BCP 47 language tag`, { argument: 'lang' });
  const [base, ...rest] = canonical.split('-');
  return [ALIASES[base!] ?? base, ...rest].join('-');
}

/** The languages of an Accept-Language header, best first; malformed entries and `*` are skipped. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .flatMap((e) => {
      try {
        return [canonicalLanguage(e.tag)];
      } catch {
        return [];
      }
    });
}

/**
 * The request's language preferences: the `lang` argument alone when given, else Accept-Language,
 * and English last in either case. The array is shared between requests, and frozen.
 */
export function languagePreferences(lang: string | null | undefined, acceptLanguage: string | null | undefined): string[] {
  // A header holds no line break, so a `lang` key (which ends in one) never meets a header's.
  const key = lang ? `${lang}\n` : (acceptLanguage ?? '');
  let preferences = remembered.peek(key);
  if (!preferences) {
    const wanted = lang ? [canonicalLanguage(lang)] : parseAcceptLanguage(acceptLanguage);
    preferences = Object.freeze([...new Set([...wanted, 'en'])]) as string[];
    if (key.length <= MAX_REMEMBERED_KEY) remembered.set(key, preferences);
  }
  return preferences;
}

/** Preferences by `lang` or Accept-Language (request input: bounded); Intl's canonicalization is slow. */
const remembered = new BoundedMap<string, string[]>({ maxEntries: 1024, maxBytes: 1024 * 1024 });
const MAX_REMEMBERED_KEY = 256;

export interface Localized {
  value: string;
  lang: string;
  fallback: boolean;
}

/** The primary subtag (`pt` of `pt-BR`), without splitting: it runs for every tag of every localized field. */
const base = (tag: string) => {
  const dash = tag.indexOf('-');
  return dash < 0 ? tag : tag.slice(0, dash);
};

/**
 * The best text of a language map for the preferences: the requested tag, its base language, the
 * next preferences (English among them), then the source's own language. `fallback` is true
 * whenever the value is not in the first preference's language.
 */
export function pickLocalized(texts: Readonly<Record<string, string>> | undefined, preferences: readonly string[], ownLanguage: string): Localized | null {
  if (!texts) return null;
  // The usual case, the text in the first preference itself: what the search below would choose.
  const wanted = preferences[0];
  if (wanted !== undefined && Object.hasOwn(texts, wanted)) return { value: texts[wanted]!, lang: wanted, fallback: false };
  const tags = Object.keys(texts);
  if (tags.length === 0) return null;
  const find = (wanted: string) => tags.find((t) => t === wanted) ?? tags.find((t) => wanted.startsWith(`${t}-`)) ?? tags.find((t) => base(t) === base(wanted));
  let chosen: string | undefined;
  for (const wanted of preferences) if ((chosen = find(wanted))) break;
  chosen ??= find(ownLanguage) ?? tags[0]!;
  const first = wanted ?? 'en';
  return { value: texts[chosen]!, lang: chosen, fallback: base(chosen) !== base(first) };
}
