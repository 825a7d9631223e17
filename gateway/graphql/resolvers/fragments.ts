import { type FragmentMemoOptions, serialOf } from '../direct/fragment-memo';
import type { GatewayContext } from '../context';
import { PASSTHROUGH } from './product';
import type { ProductRef } from './refs';

/**
 * Fields whose resolvers read only their source, their arguments, the request's language
 * preferences and its rate table. Not among them: a product's compliance (today's date), its
 * JSON-LD (the request's origin), an economy's programme and product count (the registry, the index).
 */
const PURE_FIELDS = new Set([
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
]);

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
