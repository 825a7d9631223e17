import type { Context } from 'hono';
import { z } from 'zod';
import { createContext, type GatewayContext, type GatewayServices } from '../graphql/context';
import { requestCurrency } from '../money/currency';
import { canonicalLanguage, languagePreferences } from '../normalize/language';
import { badInput } from '../errors';
import { BoundedMap } from '../collections/bounded-map';
import type { RateTable } from '../money/rates/table';
import { standardHeader, type HeaderReader } from '../http/middleware/header';
import { ECONOMIES } from '../../schemas/economies';
import { interfaceLanguage, translator, type Translate } from './i18n';
import type { VocabularyLanguage } from '../../schemas/languages';

/** The query parameters every page reads: language and currency (others are per page). */
const VisitorQuery = z.object({
  lang: z.string().max(35).optional(),
  currency: z.string().max(8).optional(),
});

/** Language preferences by `lang` and Accept-Language: browsers send few distinct headers. */
const remembered = new BoundedMap<string, string[]>({ maxEntries: 1000, maxBytes: 256 * 1024 });

function preferences(lang: string | null, accept: string | undefined): string[] {
  const key = `${lang ?? ''}\n${accept ?? ''}`;
  let languages = remembered.get(key);
  if (!languages) remembered.set(key, (languages = languagePreferences(lang, accept)));
  return languages;
}

/** The currency of an economy's region, when the rate table converts to it (memoized per table). */
const regionCurrencies = new WeakMap<RateTable, Map<string, string | null>>();

function regionCurrency(region: string, rates: RateTable): string | null {
  let known = regionCurrencies.get(rates);
  if (!known) regionCurrencies.set(rates, (known = new Map()));
  let currency = known.get(region);
  if (currency === undefined) {
    const local = ECONOMIES.get(region)?.currency;
    try {
      currency = local ? requestCurrency(local, rates) : null;
    } catch {
      currency = null;
    }
    if (known.size < 300) known.set(region, currency);
  }
  return currency;
}

/** Who is asking, as a page sees it: languages, interface strings, currency, and a GraphQL context. */
export interface Visitor {
  /** Language preferences, best first, English last (as GraphQL's `lang` argument makes them). */
  languages: string[];
  /** The interface language (one of the seven the dictionary has): `<html lang>`. */
  lang: VocabularyLanguage;
  t: Translate;
  /** The `lang` query parameter as given (canonical), carried into links; null when negotiated. */
  langParam: string | null;
  /** The chosen currency, or null for prices in their original currency. */
  currency: string | null;
  /** The `currency` query parameter, carried into links: a code, `''` for "original currency" chosen, null when not asked. */
  currencyParam: string | null;
  /** The resolvers' per-request context: the pages read data exactly as GraphQL does. */
  gql: GatewayContext;
}

/**
 * The visitor of one page request: `?lang=`, else Accept-Language, else English; `?currency=`,
 * else the currency of the region the first Accept-Language tag names (a phone set to `vi-VN`
 * sees dong), else the original currency; `?currency=` (empty) asks for the original currency. A malformed `lang` or an unknown `currency` is
 * BAD_USER_INPUT, as in GraphQL.
 */
export function visitorOf(c: Context, services: GatewayServices, requestId: string, header: HeaderReader = standardHeader): Visitor {
  const askedCurrency = c.req.query('currency');
  const query = VisitorQuery.safeParse({ lang: c.req.query('lang') || undefined, currency: askedCurrency || undefined });
  if (!query.success) throw badInput('lang or currency is too long');
  const accept = header(c, 'accept-language');
  const langParam = query.data.lang ? canonicalLanguage(query.data.lang) : null;
  const languages = preferences(langParam, accept);
  const lang = interfaceLanguage(languages);
  const rates = services.rates();
  let currency: string | null = null;
  if (query.data.currency) currency = requestCurrency(query.data.currency, rates);
  else if (askedCurrency === undefined) {
    const region = /^[a-z]{2,3}(?:-[A-Za-z]{4})?-([A-Z]{2})\b/.exec(languages[0] ?? '')?.[1];
    if (region) currency = regionCurrency(region, rates);
  }
  let gql: GatewayContext | undefined;
  return {
    languages,
    lang,
    t: translator(lang),
    langParam,
    currency,
    currencyParam: query.data.currency ? currency : askedCurrency === '' ? '' : null,
    // Created on first use: a page answered from the page cache never needs one.
    get gql() {
      return (gql ??= createContext(services, { request: c.req.raw, requestId }));
    },
  };
}

/** A link's query string carrying the visitor's explicit language and currency (and `extra`). */
export function carry(visitor: Pick<Visitor, 'langParam' | 'currencyParam'>, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (visitor.langParam) params.set('lang', visitor.langParam);
  if (visitor.currencyParam !== null) params.set('currency', visitor.currencyParam);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}
