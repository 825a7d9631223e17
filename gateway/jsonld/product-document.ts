import { CONTEXT_PATH } from '../../schemas/jsonld/context';
import type { CanonicalProduct } from '../../schemas/product';
import { RATING_SCALES } from '../../schemas/programmes';
import type { IndexedProduct } from '../federation/snapshot';
import { convertMoney } from '../money/currency';
import type { RateTable } from '../money/rates/table';

export interface DocumentOptions {
  /** The gateway's public origin, for the document's own IRI and its context. */
  origin: string;
  /** A currency to add a converted price specification in; the offer stays in the original. */
  currency?: string | null;
  rates: RateTable;
}

/**
 * A product as a JSON-LD document: a schema.org Product with GS1 terms, language maps for texts,
 * the original offer and, with a requested currency, a converted price naming its rate's date and
 * source. `lang` does not drop languages: JSON-LD keeps every language the source has.
 */
export function productDocument(record: IndexedProduct, options: DocumentOptions): Record<string, unknown> {
  return prune(documentFields(record, options)) as Record<string, unknown>;
}

/**
 * The text of `productDocument(record, options)`, byte for byte, without its pruned copy: what the
 * NDJSON export writes a quarter of a million times. JSON.stringify already leaves out undefined
 * members, and `documentFields` never holds an empty list, so the text is the same.
 */
export function productDocumentText(record: IndexedProduct, options: DocumentOptions): string {
  return JSON.stringify(documentFields(record, options));
}

/** A list, or undefined when it is empty (an absent fact is absent, not an empty list). */
const listed = <T>(list: readonly T[] | undefined): readonly T[] | undefined => (list && list.length > 0 ? list : undefined);

/** The document's members in their order, absent facts undefined and empty lists left out. */
function documentFields({ product: p, fetchedAt }: IndexedProduct, options: DocumentOptions): Record<string, unknown> {
  const { origin, currency, rates } = options;
  return {
    '@context': `${origin}${CONTEXT_PATH}`,
    id: `${origin}/products/${encodeURIComponent(p.id)}`,
    type: 'Product',
    identifier: p.id,
    name: p.name,
    description: p.description,
    story: p.story,
    category: p.category,
    programme: p.programme,
    economy: p.economy,
    gtin: p.gtin,
    hsCode: p.hsCode,
    countryOfOrigin: { type: 'Country', identifier: p.origin.country },
    originPlace: place(p),
    manufacturer: p.producer && {
      type: 'Organization',
      name: p.producer.name,
      ...(p.producer.region && { address: { type: 'PostalAddress', addressRegion: p.producer.region } }),
    },
    offers: p.price && offer(p, currency, rates),
    programmeRating: p.rating && {
      type: 'Rating',
      ratingScheme: p.rating.scheme,
      ratingValue: p.rating.value,
      bestRating: p.rating.max,
      worstRating: RATING_SCALES.get(p.rating.scheme)?.min ?? 1,
    },
    hasCertification: listed(p.certifications)?.map((c) => ({
      type: 'Certification',
      certificationScheme: c.scheme,
      certificationIdentification: c.id,
      issuedBy: c.issuer && { type: 'Organization', name: c.issuer },
      expires: c.validUntil,
    })),
    netContent: p.netContent && { type: 'QuantitativeValue', value: p.netContent.value, unitCode: p.netContent.unit },
    ingredientStatement: p.ingredients,
    allergen: listed(p.allergens),
    shelfLifeDays: p.shelfLifeDays,
    labelLanguage: listed(p.labelLanguages),
    image: listed(p.images),
    url: p.url,
    marketplace: listed(p.marketplaces)?.map((m) => ({ type: 'OnlineStore', name: m.name, url: m.url })),
    traceabilityUrl: p.traceabilityUrl,
    sourceConnector: p.connector,
    fetchedAt,
  };
}

function place(p: CanonicalProduct) {
  return {
    type: 'Place',
    address: { type: 'PostalAddress', addressCountry: p.origin.country, addressRegion: p.origin.region, addressLocality: p.origin.locality },
  };
}

/** schema.org's ItemAvailability for each known availability (UNKNOWN is left out of the offer). */
const ITEM_AVAILABILITY: Readonly<Record<string, string>> = {
  IN_STOCK: 'schema:InStock',
  OUT_OF_STOCK: 'schema:OutOfStock',
  PRE_ORDER: 'schema:PreOrder',
  DISCONTINUED: 'schema:Discontinued',
};

function offer(p: CanonicalProduct, currency: string | null | undefined, rates: RateTable) {
  const price = p.price!;
  const converted = currency && currency !== price.currency ? convertMoney(price, currency, rates) : undefined;
  return {
    type: 'Offer',
    price: price.amount,
    priceCurrency: price.currency,
    // A copy kept in sync from the export and the feed sees stock change, as a Merchant feed does.
    availability: p.availability && ITEM_AVAILABILITY[p.availability],
    priceSpecification: converted && {
      type: 'PriceSpecification',
      price: converted.amount,
      priceCurrency: converted.currency,
      exchangeRate: converted.rate!.rate,
      validFrom: converted.rate!.asOf,
      rateSource: converted.rate!.source,
    },
  };
}

/** Drops undefined values and empty lists, so absent facts are absent rather than null. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, prune(v)]),
    );
  }
  return value;
}
