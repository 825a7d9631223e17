import { ECONOMIES } from '../../schemas/economies';
import { OVOP_CONTEXT } from '../../schemas/jsonld/context';
import type { LastUpdate } from '../changes/last-update';
import { isoDay } from '../compliance/destination';
import type { ProductRef } from '../graphql/resolvers/refs';
import { productDocument } from '../jsonld/product-document';
import { LocalizedText, Select, Stars } from './components';
import { jsonLdScript } from './json-ld-script';
import { Layout } from './layout';
import { categoryLabel, certificationLabel, displayImage, displayRate, economyLabel, nameFor, priceOf, textOf } from './product-view';
import { carry, type Visitor } from './visitor';

/** UN/ECE Recommendation 20 unit codes as people write them. */
const UNIT_SYMBOLS: Record<string, string> = { GRM: 'g', KGM: 'kg', MLT: 'ml', LTR: 'l', MTR: 'm', H87: 'pcs' };

/**
 * The product's page for a browser: its story, producer and origin, the price with the rate that
 * made it, rating, certificates with expiry, where to buy, traceability, a destination picker for
 * the export checklist, and the same JSON-LD document the IRI serves to machines.
 */
export function ProductPage({ ref, visitor, origin, update }: { ref: ProductRef; visitor: Visitor; origin: string; update: LastUpdate | null }) {
  const { t } = visitor;
  const p = ref.item.product;
  const name = textOf(ref, visitor, 'name');
  const story = textOf(ref, visitor, 'story');
  const description = textOf(ref, visitor, 'description');
  const ingredients = textOf(ref, visitor, 'ingredients');
  const price = priceOf(ref, visitor);
  const today = isoDay(visitor.gql.clock());
  const document = { ...productDocument(ref.item, { origin, currency: visitor.currency, rates: visitor.gql.rates() }), ...OVOP_CONTEXT };
  const destinations = [...ECONOMIES.keys()].filter((code) => code !== p.economy).map((code): [string, string] => [code, economyLabel(code, visitor)]);
  const id = encodeURIComponent(p.id);
  const named = (original: string | undefined, names?: Record<string, string>) => original && nameFor(original, names, p.economy, visitor);
  const place = [named(p.origin.locality, p.origin.localityNames), named(p.origin.region, p.origin.regionNames), economyLabel(p.origin.country, visitor)]
    .filter(Boolean)
    .join(', ');
  const producer = p.producer && named(p.producer.name, p.producer.names);
  return (
    <Layout lang={visitor.lang} t={t} title={name?.value ?? p.id} description={description?.value} head={jsonLdScript(document)}>
      <article class="product">
        <div>
          {p.images[0] ? (
            <div class="hero">
              <img src={displayImage(p.images[0])} alt={name?.value ?? ''} width={800} height={600} />
            </div>
          ) : null}
        </div>
        <div>
          <p class="meta">{[p.programme, economyLabel(p.economy, visitor), categoryLabel(p.category, visitor)].filter(Boolean).join(' · ')}</p>
          <h1>
            <LocalizedText text={name} t={t} />
          </h1>
          <p>
            <Stars rating={p.rating} t={t} />
          </p>
          <section class="panel price-panel" aria-labelledby="price-h">
            <h2 id="price-h">{t('price')}</h2>
            <p class="price">{price ? price.formatted : t('noPrice')}</p>
            {price?.rate && price.original ? (
              <p class="rate">
                {t('rateUsed', {
                  original: price.original,
                  rate: displayRate(price.rate.rate),
                  from: price.rate.from,
                  to: price.rate.to,
                  date: price.rate.asOf,
                  source: price.rate.source,
                })}
              </p>
            ) : null}
          </section>
          {story ? (
            <section aria-labelledby="story-h">
              <h2 id="story-h">{t('story')}</h2>
              <p class="story">
                <LocalizedText text={story} t={t} />
              </p>
            </section>
          ) : null}
          {description ? (
            <section aria-labelledby="about-h">
              <h2 id="about-h">{t('description')}</h2>
              <p>
                <LocalizedText text={description} t={t} />
              </p>
            </section>
          ) : null}
          <section aria-labelledby="details-h">
            <h2 id="details-h">{t('details')}</h2>
            <dl class="facts">
              {p.producer ? (
                <>
                  <dt>{t('producer')}</dt>
                  <dd>
                    {producer}
                    {producer !== p.producer.name ? (
                      <span lang={ECONOMIES.get(p.economy)?.languages[0]}> ({p.producer.name})</span>
                    ) : p.producer.region ? (
                      ` (${p.producer.region})`
                    ) : (
                      ''
                    )}
                  </dd>
                </>
              ) : null}
              <dt>{t('origin')}</dt>
              <dd>{place}</dd>
              {p.rating ? (
                <>
                  <dt>{t('rating')}</dt>
                  <dd>{t('ratingValue', { value: p.rating.value, max: p.rating.max, scheme: p.rating.scheme })}</dd>
                </>
              ) : null}
              {p.netContent ? (
                <>
                  <dt>{t('netContent')}</dt>
                  <dd>
                    {p.netContent.value} {UNIT_SYMBOLS[p.netContent.unit] ?? p.netContent.unit}
                  </dd>
                </>
              ) : null}
              {ingredients ? (
                <>
                  <dt>{t('ingredients')}</dt>
                  <dd>
                    <LocalizedText text={ingredients} t={t} />
                  </dd>
                </>
              ) : null}
              {p.gtin ? (
                <>
                  <dt>{t('gtin')}</dt>
                  <dd>
                    <a href={`/01/${p.gtin.padStart(14, '0')}`}>{p.gtin}</a>
                  </dd>
                </>
              ) : null}
              {p.hsCode ? (
                <>
                  <dt>{t('hsCode')}</dt>
                  <dd>{p.hsCode}</dd>
                </>
              ) : null}
            </dl>
          </section>
          {p.certifications.length ? (
            <section aria-labelledby="certs-h">
              <h2 id="certs-h">{t('certifications')}</h2>
              <ul class="plain">
                {p.certifications.map((c) => (
                  <li>
                    <strong>{certificationLabel(c, visitor)}</strong>
                    {c.id ? ` ${c.id}` : ''}
                    {c.issuer ? ` · ${c.issuer}` : ''}
                    {' · '}
                    {c.validUntil ? (
                      c.validUntil < today ? (
                        <span class="s-EXPIRED">{t('expired', { date: c.validUntil })}</span>
                      ) : (
                        <span>{t('validUntil', { date: c.validUntil })}</span>
                      )
                    ) : (
                      t('noExpiry')
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {p.marketplaces.length || p.traceabilityUrl || p.url ? (
            <section aria-labelledby="buy-h">
              <h2 id="buy-h">{t('marketplaces')}</h2>
              <ul class="plain">
                {p.marketplaces.map((m) => (
                  <li>
                    <a href={m.url} rel="noopener noreferrer">
                      {m.name}
                    </a>
                  </li>
                ))}
                {p.traceabilityUrl ? (
                  <li>
                    <a href={p.traceabilityUrl} rel="noopener noreferrer">
                      {t('traceability')}
                    </a>
                  </li>
                ) : null}
                {p.url ? (
                  <li>
                    <a href={p.url} rel="noopener noreferrer">
                      {t('programmeSite')}
                    </a>
                  </li>
                ) : null}
              </ul>
            </section>
          ) : null}
          <section class="panel" aria-labelledby="export-h">
            <h2 id="export-h">{t('checkExport')}</h2>
            <form class="pick" method="get" action={`/products/${id}/compliance`}>
              {visitor.langParam ? <input type="hidden" name="lang" value={visitor.langParam} /> : null}
              <Select id="destination" name="destination" label={t('destination')} value="JP" options={destinations} />
              <button type="submit">{t('openChecklist')}</button>
            </form>
          </section>
          {update ? (
            <p class="meta last-change">
              {t('lastChanged', {
                date: update.occurredAt.slice(0, 10),
                aspects: new Intl.ListFormat(visitor.lang, { type: 'conjunction' }).format(update.aspects.map((a) => t(`aspect${a}`))),
              })}{' '}
              {t('changedFields')}{' '}
              {update.paths.map((path, i) => (
                <>
                  {i ? ', ' : ''}
                  <code>{path}</code>
                </>
              ))}
              {update.morePaths ? ` ${t('moreFields', { n: update.morePaths })}` : ''}
            </p>
          ) : null}
          <p class="meta">
            {t('dataSource', { connector: p.connector, date: ref.item.fetchedAt.slice(0, 10) })}
            {ref.item.stale ? ` ${t('staleNote')}` : ''}
          </p>
        </div>
      </article>
    </Layout>
  );
}

/** Where the destination picker's GET form lands: the checklist's own address. */
export function checklistAddress(productId: string, destination: string, visitor: Visitor): string {
  return `/products/${encodeURIComponent(productId)}/compliance/${encodeURIComponent(destination)}${carry(visitor)}`;
}
