import { z } from 'zod';
import { CATEGORIES } from '../../schemas/taxonomy/categories';
import { tableCurrencies } from '../money/rates/table';
import { Query } from '../graphql/resolvers/query';
import type { ProductRef } from '../graphql/resolvers/refs';
import { badInput } from '../errors';
import { LocalizedText, Select, Stars } from './components';
import { Layout } from './layout';
import { categoryLabel, displayImage, economyLabel, priceOf, textOf } from './product-view';
import { carry, type Visitor } from './visitor';
import { VOCABULARY_LANGUAGES } from '../../schemas/languages';
import { label } from '../graphql/resolvers/types';

/** Results on one page. */
export const SEARCH_PAGE_SIZE = 12;

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  ja: '日本語',
  id: 'Bahasa Indonesia',
  ms: 'Bahasa Melayu',
  vi: 'Tiếng Việt',
  th: 'ไทย',
  fil: 'Filipino',
};

/** The search form's parameters, parsed at the boundary; an empty field means "any". */
export const SearchParams = z.object({
  q: z.string().max(200).optional(),
  economy: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'economy must be a two-letter code')
    .optional(),
  category: z
    .string()
    .regex(/^[A-Za-z_]{1,32}$/, 'category must be a category code')
    .optional(),
  minRating: z.coerce.number().int().min(0).max(10).optional(),
  after: z.string().max(400).optional(),
});
export type SearchParams = z.infer<typeof SearchParams>;

/** Reads the search parameters of a request URL; anything malformed is BAD_USER_INPUT. */
export function searchParams(url: URL): SearchParams {
  const raw = Object.fromEntries(
    ['q', 'economy', 'category', 'minRating', 'after'].flatMap((k) => {
      const v = url.searchParams.get(k);
      return v === null || v.trim() === '' ? [] : [[k, v]];
    }),
  );
  const parsed = SearchParams.safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

interface Result {
  id: string;
  ref: ProductRef;
}

/**
 * The search page's data, through GraphQL's own `Query.products` resolver: the same search,
 * filters, price conversion and signed Relay cursors as the API.
 */
export async function searchData(params: SearchParams, visitor: Visitor) {
  const connection = await Query.products(
    null,
    {
      first: SEARCH_PAGE_SIZE,
      after: params.after ?? null,
      currency: visitor.currency,
      lang: visitor.langParam,
      filter: {
        text: params.q ?? null,
        economies: params.economy ? [params.economy] : null,
        categories: params.category ? [params.category] : null,
        minRating: params.minRating ?? null,
      },
    },
    visitor.gql,
  );
  const endCursor = connection.pageInfo.hasNextPage && connection.pageInfo.endCursor ? await connection.pageInfo.endCursor() : null;
  const results: Result[] = connection.edges.map((e) => ({ id: e.node.item.product.id, ref: e.node }));
  return { results, totalCount: connection.totalCount, endCursor };
}

/** The portal's search page: the form (works without JavaScript) and a page of results. */
export function SearchPage(props: { visitor: Visitor; params: SearchParams; data: Awaited<ReturnType<typeof searchData>>; economies: string[] }) {
  const { visitor, params, data } = props;
  const { t } = visitor;
  const currencies = tableCurrencies(visitor.gql.rates());
  const productLink = (id: string) => `/products/${encodeURIComponent(id)}${carry(visitor)}`;
  const next = data.endCursor
    ? `/${carry(visitor, { q: params.q, economy: params.economy, category: params.category, minRating: params.minRating?.toString(), after: data.endCursor })}`
    : null;
  const first = params.after
    ? `/${carry(visitor, { q: params.q, economy: params.economy, category: params.category, minRating: params.minRating?.toString() })}`
    : null;
  return (
    <Layout lang={visitor.lang} t={t} title={params.q ? `${params.q} – ${t('navSearch')}` : t('searchHeading')} description={t('tagline')}>
      <h1>{t('searchHeading')}</h1>
      <p class="lead">{t('tagline')}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: role=search on the form is the landmark every screen reader knows; <search> is too new for some */}
      <form class="search" method="get" action="/" role="search" data-autosubmit>
        <div class="q">
          <label for="q">{t('searchLabel')}</label>
          <input id="q" type="search" name="q" value={params.q ?? ''} placeholder={t('searchPlaceholder')} maxlength={200} autocomplete="off" />
          <button type="submit">{t('searchButton')}</button>
        </div>
        <Select
          id="lang"
          name="lang"
          label={t('language')}
          value={visitor.langParam ?? visitor.lang}
          options={VOCABULARY_LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]!])}
        />
        <Select
          id="currency"
          name="currency"
          label={t('currency')}
          value={visitor.currency}
          options={[['', t('originalCurrency')], ...currencies.map((c): [string, string] => [c, c])]}
        />
        <Select
          id="economy"
          name="economy"
          label={t('economy')}
          value={params.economy?.toUpperCase()}
          options={[['', t('anyEconomy')], ...props.economies.map((e): [string, string] => [e, economyLabel(e, visitor)])]}
        />
        <Select
          id="category"
          name="category"
          label={t('category')}
          value={params.category?.toUpperCase()}
          options={[['', t('anyCategory')], ...CATEGORIES.map((c): [string, string] => [c.code, label(c.labels, visitor.languages)])]}
        />
        <Select
          id="minRating"
          name="minRating"
          label={t('minRating')}
          value={params.minRating?.toString()}
          options={[['', t('anyRating')], ...[1, 2, 3, 4, 5].map((n): [string, string] => [String(n), t('starsAtLeast', { n })])]}
        />
      </form>
      <p class="count" role="status">
        {t('results', { n: data.totalCount.toLocaleString(visitor.lang) })}
      </p>
      {data.results.length === 0 ? (
        <p>{t('noResults')}</p>
      ) : (
        <ol class="results">
          {data.results.map(({ id, ref }) => {
            const p = ref.item.product;
            const price = priceOf(ref, visitor);
            const image = displayImage(p.images[0]);
            return (
              <li>
                <article class="card">
                  {image ? <img src={image} alt="" loading="lazy" width={400} height={300} /> : null}
                  <div class="body">
                    <h2>
                      <a href={productLink(id)}>
                        <LocalizedText text={textOf(ref, visitor, 'name')} t={t} />
                      </a>
                    </h2>
                    <div class="price">{price ? price.formatted : t('noPrice')}</div>
                    <Stars rating={p.rating} t={t} />
                    <div class="meta">
                      {[economyLabel(p.economy, visitor), p.origin.region, categoryLabel(p.category, visitor)].filter(Boolean).join(' · ')}
                    </div>
                  </div>
                </article>
              </li>
            );
          })}
        </ol>
      )}
      <nav class="pager" aria-label={t('navSearch')}>
        {first ? <a href={first}>{t('firstPage')}</a> : null}
        {next ? (
          <a href={next} rel="next">
            {t('nextPage')}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
