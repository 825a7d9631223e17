import { z } from 'zod';
import { isKnownCurrency } from './currencies';
import { isApecEconomy } from './economies';
import { isValidGtin } from './gtin';
import { LANGUAGE_TAG_PATTERN } from './languages';
import { RATING_SCALES } from './programmes';
import { CATEGORY_CODES } from './taxonomy/categories';
import { SCHEME_CODE_PATTERN } from './taxonomy/certifications';

export const CONNECTOR_ID_PATTERN = /^[a-z0-9-]{3,40}$/;
export const LOCAL_ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;

export const LanguageTag = z.string().regex(LANGUAGE_TAG_PATTERN, 'not a canonical BCP 47 language tag');

/** Text in several languages: BCP 47 tag → text (NFC). At least one language. */
export const LanguageMap = z.record(LanguageTag, z.string().trim().min(1, 'empty text')).refine((m) => Object.keys(m).length > 0, 'no text in any language');

/** A non-negative decimal amount written as a string, never a float. */
export const DecimalString = z.string().regex(/^\d+(\.\d+)?$/, 'not a non-negative decimal');

export const CurrencyCode = z.string().refine(isKnownCurrency, 'not an ISO 4217 currency of an APEC economy');
export const EconomyCode = z.string().refine(isApecEconomy, 'not an APEC economy (ISO 3166-1 alpha-2)');

export const Money = z.strictObject({ amount: DecimalString, currency: CurrencyCode });

export const HttpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });

export const Certification = z.strictObject({
  scheme: z.string().regex(SCHEME_CODE_PATTERN, 'not a certification scheme code'),
  id: z.string().min(1).optional(),
  issuer: z.string().min(1).optional(),
  validUntil: z.iso.date().optional(),
});

/** Net content as a GS1 quantitative value: UN/ECE Recommendation 20 unit codes. */
export const QUANTITY_UNITS = ['GRM', 'KGM', 'MLT', 'LTR', 'MTR', 'H87'] as const;
export const Quantity = z.strictObject({
  value: DecimalString.refine((v) => Number(v) > 0, 'not a positive quantity'),
  unit: z.enum(QUANTITY_UNITS),
});

export const Rating = z.strictObject({ scheme: z.string(), value: z.int(), max: z.int() }).superRefine((r, ctx) => {
  const scale = RATING_SCALES.get(r.scheme) ?? { min: 1, max: r.max };
  if (r.max !== scale.max || r.value < scale.min || r.value > scale.max) {
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message: `${r.value} is outside the ${r.scheme} scale of ${scale.min} to ${scale.max}`,
    });
  }
});

/**
 * The canonical product: every national record is mapped onto this, and only records that pass it
 * are served. Localized texts are language maps; money is a decimal string with its currency.
 */
export const CanonicalProduct = z.strictObject({
  id: z.string().refine((id) => {
    const [connector, local, ...rest] = id.split(':');
    return rest.length === 0 && CONNECTOR_ID_PATTERN.test(connector ?? '') && LOCAL_ID_PATTERN.test(local ?? '');
  }, 'not a product id ({connectorId}:{localId})'),
  connector: z.string().regex(CONNECTOR_ID_PATTERN),
  localId: z.string().regex(LOCAL_ID_PATTERN, 'not a usable local id'),
  economy: EconomyCode,
  programme: z.string().min(2),
  /** The language the source catalogue is written in. */
  language: LanguageTag,
  name: LanguageMap,
  description: LanguageMap.optional(),
  story: LanguageMap.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  price: Money.optional(),
  rating: Rating.optional(),
  /** `names`: the producer's name romanised or translated, by language, where the catalogue gives it. */
  producer: z.strictObject({ name: z.string().min(1), region: z.string().min(1).optional(), names: LanguageMap.optional() }).optional(),
  /** `regionNames`, `localityNames`: the place names romanised or translated, by language, where the catalogue gives them. */
  origin: z.strictObject({
    country: EconomyCode,
    region: z.string().min(1).optional(),
    locality: z.string().min(1).optional(),
    regionNames: LanguageMap.optional(),
    localityNames: LanguageMap.optional(),
  }),
  certifications: z.array(Certification),
  gtin: z.string().refine(isValidGtin, 'not a GTIN with a valid check digit').optional(),
  hsCode: z
    .string()
    .regex(/^\d{6}(\d{2}){0,2}$/, 'not an HS code of 6, 8 or 10 digits')
    .optional(),
  netContent: Quantity.optional(),
  ingredients: LanguageMap.optional(),
  allergens: z.array(z.string().regex(/^[A-Z_]+$/)),
  shelfLifeDays: z.int().positive().optional(),
  labelLanguages: z.array(LanguageTag),
  images: z.array(HttpUrl),
  url: HttpUrl.optional(),
  marketplaces: z.array(z.strictObject({ name: z.string().min(1), url: HttpUrl })),
  traceabilityUrl: HttpUrl.optional(),
});

export type CanonicalProduct = z.infer<typeof CanonicalProduct>;
export type LanguageMap = z.infer<typeof LanguageMap>;
export type Money = z.infer<typeof Money>;
export type CertificationRecord = z.infer<typeof Certification>;
