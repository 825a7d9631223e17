import { type FragmentMemoOptions, serialOf } from '../direct/fragment-memo';
import type { GatewayContext } from '../context';
import { PASSTHROUGH } from './product';
import type { ProductRef } from './refs';

/**
 * Fields whose resolvers read only their source, their arguments, the request's language
 * preferences and its rate table (IMPURE_FIELDS says which are not, and why). A claim that
 * test/fragment-memo-purity.test.ts checks against the resolvers themselves.
 */
export const PURE_FIELDS: ReadonlySet<string> = new Set([
  ...PASSTHROUGH.map((field) => `Product.${field}`),
  ...['economy', 'name', 'description', 'story', 'ingredients', 'names', 'certifications', 'category', 'price', 'source'].map((f) => `Product.${f}`),
  'Economy.name',
  'Economy.currency',
  'Economy.languages',
  'Category.label',
  'Certification.label',
  'Money.formatted',
  'Money.original',
  'ComplianceCheck.mandatory',
  'Product.availability',
]);

/**
 * The fields beneath a product with resolvers of their own that are not pure, with what else they
 * read. Root fields (Query, Mutation) are impure by nature and not listed; every other field with
 * a resolver is here or in PURE_FIELDS.
 */
export const IMPURE_FIELDS: Readonly<Record<string, string>> = {
  'Product.compliance': "today's date (the clock)",
  'Product.jsonld': "the request's origin",
  'Economy.programme': 'the connectors registered',
  'Economy.programmeName': 'the connectors registered',
  'Economy.productCount': 'the catalogue index',
  'ProductChange.product': 'the catalogue index (the product as it stands now)',
  'Connector.lastHarvest': 'the harvest reports in the registry store',
  'Connector.harvests': 'the harvest reports in the registry store',
  'HarvestReport.issues': "the caller (an economy's key or the operator token)",
  'ConformanceIssue.severity': 'an issue of a dry run or a harvest, never part of a product card',
  'HarvestReport.invocations': 'a harvest report, never part of a product card',
  'HarvestReport.resumedPages': 'a harvest report, never part of a product card',
  'WebhookSubscription.lag': 'the change log (the oldest event not yet delivered)',
  'WebhookSubscription.deliveries': 'the webhook store and the caller',
};

/**
 * The fragment memo's view of the schema: a product's answer is the same for the same record (an
 * immutable object of one harvest, as the document cache holds it), staleness, currency and
 * languages, within a request scope of language preferences and rate table.
 */
export const productFragments: Omit<FragmentMemoOptions, 'maxBytes'> = {
  keys: {
    Product: (source) => {
      const { item, currency, languages } = source as ProductRef;
      // A record object is one harvest's: its identity says its fetchedAt too (its number, not the
      // record, is held). Preference lists are frozen and remembered: their identity says their languages.
      return [languages, currency, item.stale, serialOf(item.product)];
    },
  },
  pure: PURE_FIELDS,
  scope: (context) => {
    const ctx = context as GatewayContext;
    return `${ctx.languages().join(',')}|${serialOf(ctx.rates())}`;
  },
};
