import type { Labels } from '../languages';
import { CATEGORIES } from '../taxonomy/categories';

export const NAMESPACES = {
  schema: 'https://schema.org/',
  gs1: 'https://gs1.org/voc/',
  ovop: 'https://w3id.org/apec-ovop/vocab#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
} as const;

/** A term of the product vocabulary: its compact IRI, how values are typed, and what it means. */
export interface Term {
  term: string;
  iri: string;
  kind: 'class' | 'property' | 'value';
  container?: '@language' | '@set';
  type?: '@id' | '@vocab' | 'xsd:date' | 'xsd:dateTime' | 'xsd:integer' | 'xsd:boolean';
  label: string;
  /** Labels in more languages, where the vocabulary has them. */
  labels?: Labels;
  comment: string;
}

const own = (term: string, kind: Term['kind'], label: string, comment: string, extra: Partial<Term> = {}): Term => ({
  term,
  iri: `ovop:${term}`,
  kind,
  label,
  comment,
  ...extra,
});
const ext = (term: string, iri: string, kind: Term['kind'], label: string, comment: string, extra: Partial<Term> = {}): Term => ({
  term,
  iri,
  kind,
  label,
  comment,
  ...extra,
});

/**
 * Every term of the JSON-LD product documents. schema.org and the GS1 Web Vocabulary where they
 * have a home; our own namespace for programme, rating, story, HS code and the rest.
 */
export const TERMS: readonly Term[] = [
  ext('Product', 'schema:Product', 'class', 'Product', 'A product of a national One Village One Product programme.'),
  ext('Offer', 'schema:Offer', 'class', 'Offer', 'The price the national catalogue asks for the product.'),
  ext('PriceSpecification', 'schema:PriceSpecification', 'class', 'Price specification', 'A price converted into another currency, with its rate.'),
  ext('Certification', 'schema:Certification', 'class', 'Certification', 'A certificate the product holds.'),
  ext('Organization', 'schema:Organization', 'class', 'Organization', 'A producer, certification body or issuer.'),
  ext('Country', 'schema:Country', 'class', 'Country', 'An economy, by its ISO 3166-1 alpha-2 code.'),
  ext('Place', 'schema:Place', 'class', 'Place', 'Where the product comes from.'),
  ext('PostalAddress', 'schema:PostalAddress', 'class', 'Postal address', 'Region and locality of a place.'),
  ext('Rating', 'schema:Rating', 'class', 'Rating', 'A programme rating, such as OCOP stars.'),
  ext('QuantitativeValue', 'gs1:QuantitativeValue', 'class', 'Quantitative value', 'A value with a UN/ECE unit code.'),
  ext('OnlineStore', 'schema:OnlineStore', 'class', 'Online store', 'A marketplace where the product is sold.'),
  ext('identifier', 'schema:identifier', 'property', 'identifier', 'The gateway id of the product ({connectorId}:{localId}).'),
  ext('name', 'schema:name', 'property', 'name', 'The name, in every language the source has.', { container: '@language' }),
  ext('description', 'schema:description', 'property', 'description', 'The description, by language.', { container: '@language' }),
  ext('category', 'schema:category', 'property', 'category', 'The shared category.', { type: '@vocab' }),
  ext('gtin', 'schema:gtin', 'property', 'GTIN', 'GS1 Global Trade Item Number.'),
  ext('image', 'schema:image', 'property', 'image', 'Product images.', { type: '@id', container: '@set' }),
  ext('url', 'schema:url', 'property', 'URL', 'The product page in the national catalogue.', { type: '@id' }),
  ext('countryOfOrigin', 'schema:countryOfOrigin', 'property', 'country of origin', 'The economy the product comes from.'),
  ext('manufacturer', 'schema:manufacturer', 'property', 'manufacturer', 'The producer: a maker, cooperative or village group.'),
  ext('address', 'schema:address', 'property', 'address', 'An address.'),
  ext('addressCountry', 'schema:addressCountry', 'property', 'country', 'ISO 3166-1 alpha-2 code.'),
  ext(
    'addressRegion',
    'schema:addressRegion',
    'property',
    'region',
    'The first-level subdivision: prefecture (JP), province (ID, VN, TH), state or federal territory (MY).',
  ),
  ext(
    'addressLocality',
    'schema:addressLocality',
    'property',
    'locality',
    'The municipality, regency, district or commune below the region (Viet Nam: the commune, no district since 1 July 2025).',
  ),
  ext('offers', 'schema:offers', 'property', 'offers', 'The offer in the original currency.'),
  ext('price', 'schema:price', 'property', 'price', 'A decimal amount, as a string.'),
  ext('priceCurrency', 'schema:priceCurrency', 'property', 'price currency', 'ISO 4217 currency code.'),
  ext(
    'availability',
    'schema:availability',
    'property',
    'availability',
    'Whether the offer can be bought now (schema:InStock, schema:OutOfStock, schema:PreOrder, schema:Discontinued); absent when the source says nothing.',
    {
      type: '@vocab',
    },
  ),
  ext('priceSpecification', 'schema:priceSpecification', 'property', 'price specification', 'The price converted into the requested currency.'),
  ext('validFrom', 'schema:validFrom', 'property', 'valid from', 'The date of the rate used.', { type: 'xsd:date' }),
  ext('hasCertification', 'schema:hasCertification', 'property', 'certification', 'Certificates the product holds.', { container: '@set' }),
  ext('certificationIdentification', 'schema:certificationIdentification', 'property', 'certificate number', 'The certificate number.'),
  ext('issuedBy', 'schema:issuedBy', 'property', 'issued by', 'The certification body.'),
  ext('expires', 'schema:expires', 'property', 'expires', 'Last day the certificate is valid.', { type: 'xsd:date' }),
  ext('ratingValue', 'schema:ratingValue', 'property', 'rating value', 'Stars awarded.', { type: 'xsd:integer' }),
  ext('bestRating', 'schema:bestRating', 'property', 'best rating', 'Most stars the programme awards.', { type: 'xsd:integer' }),
  ext('worstRating', 'schema:worstRating', 'property', 'worst rating', 'Fewest stars the programme awards.', { type: 'xsd:integer' }),
  ext('netContent', 'gs1:netContent', 'property', 'net content', 'The quantity in the package.'),
  ext('value', 'gs1:value', 'property', 'value', 'A decimal value.'),
  ext('unitCode', 'gs1:unitCode', 'property', 'unit code', 'UN/ECE Recommendation 20 unit code (GRM, KGM, MLT, LTR, MTR, H87).'),
  ext('ingredientStatement', 'gs1:ingredientStatement', 'property', 'ingredients', 'The ingredient statement, by language.', { container: '@language' }),
  own('programme', 'property', 'programme', 'The national programme: OVOP, OCOP, OTOP.'),
  own('economy', 'property', 'economy', 'The APEC economy whose catalogue lists the product (ISO 3166-1 alpha-2).'),
  own('programmeRating', 'property', 'programme rating', 'The rating the programme awarded, on its own scale.'),
  own('ratingScheme', 'property', 'rating scheme', 'Whose scale a rating is on, e.g. VN-OCOP.'),
  own('story', 'property', 'story', 'The story behind the product: its maker, village, materials and craft.', { container: '@language' }),
  own('hsCode', 'property', 'HS code', 'Harmonized System code of 6 to 10 digits, for customs.'),
  own('originPlace', 'property', 'origin place', 'The region and locality the product comes from.'),
  own('certificationScheme', 'property', 'certification scheme', 'The scheme code of a certificate: HALAL, GI, VIETGAP, ...'),
  own('allergen', 'property', 'allergen', 'An allergen code the product declares (MILK, WHEAT, SHRIMP, ...).', { container: '@set' }),
  own('shelfLifeDays', 'property', 'shelf life', 'Days from production to best-before.', { type: 'xsd:integer' }),
  own('labelLanguage', 'property', 'label language', 'A language the package label is written in (BCP 47).', { container: '@set' }),
  own('marketplace', 'property', 'marketplace', 'An online marketplace listing the product.', { container: '@set' }),
  own('traceabilityUrl', 'property', 'traceability', 'A page tracing the product from its origin.', { type: '@id' }),
  own('exchangeRate', 'property', 'exchange rate', 'The rate used to convert a price, as a decimal string.'),
  own('rateSource', 'property', 'rate source', 'Who published the exchange rate used.'),
  own('sourceConnector', 'property', 'source connector', 'The connector the record was harvested by.'),
  own('fetchedAt', 'property', 'fetched at', 'When the record was harvested.', { type: 'xsd:dateTime' }),
  own('ComplianceReport', 'class', 'Compliance report', 'What a product has and lacks for a destination market.'),
  own('ComplianceCheck', 'class', 'Compliance check', 'One requirement of a destination market, judged on the product record.'),
  own('product', 'property', 'product', 'The product a report is about.', { type: '@id' }),
  own('destination', 'property', 'destination', 'The destination economy (ISO 3166-1 alpha-2).'),
  own('complianceStatus', 'property', 'compliance status', 'READY, GAPS (recommendations unmet) or BLOCKED (a mandatory check fails).'),
  own('check', 'property', 'check', 'A check of a report.', { container: '@set' }),
  own('checkCode', 'property', 'check code', 'What a check checks, e.g. HS_CODE, HALAL_CERTIFICATE.'),
  own('checkStatus', 'property', 'check status', 'PASS, WARN, MISSING, EXPIRED or NOT_APPLICABLE.'),
  own('mandatory', 'property', 'mandatory', 'Whether a failed check blocks the export.', { type: 'xsd:boolean' }),
  own('requirement', 'property', 'requirement', 'What the destination requires, in words.'),
  own('detail', 'property', 'detail', 'What was found on the product record.'),
  own('legalReference', 'property', 'legal reference', 'The law or standard a requirement comes from.'),
  own('assessedOn', 'property', 'assessed on', 'The day certificates were judged valid or expired on.', { type: 'xsd:date' }),
  own(
    'ruleLevel',
    'property',
    'rule level',
    'MANDATORY (blocks when it fails), RECOMMENDED (warns) or PROCEDURE (an importer or shipment step, reported only).',
  ),
  own('lastChecked', 'property', 'last checked', 'The day the rule was last read against the instrument it cites.', { type: 'xsd:date' }),
  ...CATEGORIES.map((c) => own(c.code, 'value', c.labels.en, `Shared category: ${c.labels.en}.`, { labels: c.labels })),
];
