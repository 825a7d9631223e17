import { VOCABULARY_LANGUAGES } from '../../schemas/languages';
import { createContext, type GatewayContext, type GatewayServices } from '../graphql/context';
import type { Visitor } from './visitor';

const SUPPORTED = new Set<string>(VOCABULARY_LANGUAGES);

/** The primary subtag of a canonical tag (`en` of `en-GB`). */
const base = (tag: string) => tag.split('-')[0]!;

/**
 * Language preferences reduced to the supported languages (the dictionary's seven), each by its
 * base language, in order, English last: `en-GB, fr;q=0.5` and `en-US` are both `en`. What a page
 * is rendered in and cached under is then one of a small set, whatever region, script or private
 * variant a tag names.
 */
export function supportedLanguages(preferences: readonly string[]): string[] {
  const kept = new Set<string>();
  for (const tag of preferences) {
    const lang = base(tag);
    if (SUPPORTED.has(lang)) kept.add(lang);
  }
  kept.delete('en');
  return Object.freeze([...kept, 'en']) as string[];
}

/**
 * A page's visitor with its languages reduced to the supported ones ({@link supportedLanguages}),
 * `lang` carried into links only as a supported language, and the resolvers' context reading the
 * same reduced preferences: what a page shows and what it is cached under are the same few
 * values. Currencies are already the known ones (an unknown one is BAD_USER_INPUT).
 */
export function boundedVisitor(visitor: Visitor, services: GatewayServices, request: Request, requestId: string): Visitor {
  const languages = supportedLanguages(visitor.languages);
  const asked = visitor.langParam && base(visitor.langParam);
  visitor.languages = languages;
  visitor.langParam = asked && SUPPORTED.has(asked) ? asked : null;
  let gql: GatewayContext | undefined;
  Object.defineProperty(visitor, 'gql', {
    get: () => (gql ??= createContext(services, { request, requestId, acceptLanguage: languages.join(',') })),
  });
  return visitor;
}

/** The parts of a page's cache key that come from its visitor: all of them bounded sets. */
export function visitorKey(visitor: Visitor): string {
  return [visitor.languages.join(','), visitor.lang, visitor.langParam ?? '~', visitor.currency, visitor.currencyParam ?? '~'].join('|');
}
