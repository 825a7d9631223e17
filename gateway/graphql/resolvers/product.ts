import type { CanonicalProduct } from '../../../schemas/product';
import { convertMoney, requestCurrency } from '../../money/currency';
import { pickLocalized } from '../../normalize/language';
import { productDocument } from '../../jsonld/product-document';
import { complianceDestination, isoDay } from '../../compliance/destination';
import { evaluateCompliance } from '../../compliance/evaluate';
import type { GatewayContext } from '../context';
import type { ProductRef } from './refs';

type Args = { lang?: string | null; currency?: string | null };

const languagesFor = (ref: ProductRef, args: Args, ctx: GatewayContext) => (args.lang ? ctx.languages(args.lang) : ref.languages);

const localized = (field: 'name' | 'description' | 'story' | 'ingredients') => (ref: ProductRef, args: Args, ctx: GatewayContext) =>
  pickLocalized(ref.item.product[field], languagesFor(ref, args, ctx), ref.item.product.language);

/** Fields served as the canonical record has them (absent → null). */
export const PASSTHROUGH = [
  'id',
  'programme',
  'rating',
  'producer',
  'origin',
  'gtin',
  'hsCode',
  'netContent',
  'allergens',
  'shelfLifeDays',
  'labelLanguages',
  'images',
  'url',
  'marketplaces',
  'traceabilityUrl',
] as const satisfies ReadonlyArray<keyof CanonicalProduct>;

export const Product = {
  ...Object.fromEntries(PASSTHROUGH.map((field) => [field, (ref: ProductRef) => ref.item.product[field] ?? null])),
  economy: (ref: ProductRef) => ({ code: ref.item.product.economy, languages: ref.languages }),
  name: localized('name'),
  description: localized('description'),
  story: localized('story'),
  ingredients: localized('ingredients'),
  names: (ref: ProductRef) => Object.entries(ref.item.product.name).map(([lang, value]) => ({ value, lang, fallback: false })),
  certifications: (ref: ProductRef) => ref.item.product.certifications.map((c) => Object.assign({}, c, { languages: ref.languages })),
  availability: (ref: ProductRef) => ref.item.product.availability ?? 'UNKNOWN',
  category: (ref: ProductRef) => (ref.item.product.category ? { code: ref.item.product.category, languages: ref.languages } : null),
  price: (ref: ProductRef, args: Args, ctx: GatewayContext) => {
    const price = ref.item.product.price;
    if (!price) return null;
    const rates = ctx.rates();
    const currency = args.currency ? requestCurrency(args.currency, rates) : ref.currency;
    return Object.assign({}, convertMoney(price, currency, rates), { languages: ref.languages });
  },
  source: (ref: ProductRef) => ({
    connector: ref.item.product.connector,
    upstreamId: ref.item.product.localId,
    fetchedAt: ref.item.fetchedAt,
    stale: ref.item.stale,
  }),
  compliance: (ref: ProductRef, args: Args & { destination: string }, ctx: GatewayContext) =>
    evaluateCompliance(ref.item.product, complianceDestination(args.destination), isoDay(ctx.clock()), languagesFor(ref, args, ctx)),
  jsonld: (ref: ProductRef, args: Args, ctx: GatewayContext) => {
    const rates = ctx.rates();
    const currency = args.currency ? requestCurrency(args.currency, rates) : ref.currency;
    return productDocument(ref.item, { origin: ctx.origin.of(ctx.request.url), currency, rates });
  },
};
