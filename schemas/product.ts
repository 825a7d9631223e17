import { z } from 'zod';
import { isKnownCurrency } from './currencies';
import { isApecEconomy } from './economies';
import { AVAILABILITY } from './availability';
import { isValidGtin } from './gtin';
import { LANGUAGE_TAG_PATTERN } from './languages';
import { RATING_SCALES } from './programmes';
import { CATEGORY_CODES } from './taxonomy/categories';
import { SCHEME_CODE_PATTERN } from './taxonomy/certifications';

export const CONNECTOR_ID_PATTERN = /^[a-z0-9-]{3,40}$/;
export const LOCAL_ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * The longest canonical texts, in UTF-16 units, per language. Generous real-world limits: Google
 * Merchant Center takes titles of 150 and descriptions of 5,000 characters; a product's name here
 * may be longer (a Thai or Vietnamese name with its place and maker), and the story behind a product
 * (maker, village, craft) is the longest text a catalogue writes.
 */
export const TEXT_LIMITS = Object.freeze({
  name: 500,
  description: 10_000,
  story: 20_000,
  ingredients: 5_000,
  /** A producer's name. */
  producer: 300,
  /** A region or locality. */
  place: 200,
  /** A certificate's id or issuer. */
  certificate: 200,
  url: 2_048,
});

/** The most items a canonical list holds (languages of one text, images, certificates, ...). */
export const LIST_LIMITS = Object.freeze({ languages: 30, images: 50, certifications: 50, allergens: 50, labelLanguages: 20, marketplaces: 50 });

export const LanguageTag = z.string().max(35).regex(LANGUAGE_TAG_PATTERN, 'not a canonical BCP 47 language tag');

const limited = (max: number) => z.string().trim().min(1, 'empty text').max(max, `longer than ${max} characters`);

/** Text in several languages: BCP 47 tag → text (NFC), each at most `max` characters. At least one language. */
export const localizedText = (max: number) =>
  z
    .record(LanguageTag, limited(max))
    .refine((m) => Object.keys(m).length > 0, 'no text in any language')
    .refine((m) => Object.keys(m).length <= LIST_LIMITS.languages, `more than ${LIST_LIMITS.languages} languages`);

/** Text in several languages: BCP 47 tag → text (NFC). At least one language. */
export const LanguageMap = localizedText(TEXT_LIMITS.story);

/** A non-negative decimal amount written as a string, never a float. */
export const DecimalString = z.string().regex(/^\d+(\.\d+)?$/, 'not a non-negative decimal');

export const CurrencyCode = z.string().refine(isKnownCurrency, 'not an ISO 4217 currency of an APEC economy');
export const EconomyCode = z.string().refine(isApecEconomy, 'not an APEC economy (ISO 3166-1 alpha-2)');

export const Money = z.strictObject({ amount: DecimalString, currency: CurrencyCode });

export const HttpUrl = z
  .string()
  .max(TEXT_LIMITS.url, `longer than ${TEXT_LIMITS.url} characters`)
  .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.domain }));

export const Certification = z.strictObject({
  scheme: z.string().regex(SCHEME_CODE_PATTERN, 'not a certification scheme code'),
  id: z.string().min(1).max(TEXT_LIMITS.certificate).optional(),
  issuer: z.string().min(1).max(TEXT_LIMITS.certificate).optional(),
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
  id: z
    .string()
    .max(120)
    .refine((id) => {
      const [connector, local, ...rest] = id.split(':');
      return rest.length === 0 && CONNECTOR_ID_PATTERN.test(connector ?? '') && LOCAL_ID_PATTERN.test(local ?? '');
    }, 'not a product id ({connectorId}:{localId})'),
  connector: z.string().regex(CONNECTOR_ID_PATTERN),
  localId: z.string().regex(LOCAL_ID_PATTERN, 'not a usable local id'),
  economy: EconomyCode,
  programme: z.string().min(2).max(40),
  /** The language the source catalogue is written in. */
  language: LanguageTag,
  name: localizedText(TEXT_LIMITS.name),
  description: localizedText(TEXT_LIMITS.description).optional(),
  story: localizedText(TEXT_LIMITS.story).optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  price: Money.optional(),
  /** Whether it can be bought now; absent is UNKNOWN (docs/contract.md, `Product.availability`). */
  availability: z.enum(AVAILABILITY).exclude(['UNKNOWN']).optional(),
  rating: Rating.optional(),
  /** `names`: the producer's name romanised or translated, by language, where the catalogue gives it. */
  producer: z
    .strictObject({
      name: z.string().min(1).max(TEXT_LIMITS.producer),
      region: z.string().min(1).max(TEXT_LIMITS.place).optional(),
      names: localizedText(TEXT_LIMITS.producer).optional(),
    })
    .optional(),
  /** `regionNames`, `localityNames`: the place names romanised or translated, by language, where the catalogue gives them. */
  origin: z.strictObject({
    country: EconomyCode,
    region: z.string().min(1).max(TEXT_LIMITS.place).optional(),
    locality: z.string().min(1).max(TEXT_LIMITS.place).optional(),
    regionNames: localizedText(TEXT_LIMITS.place).optional(),
    localityNames: localizedText(TEXT_LIMITS.place).optional(),
  }),
  certifications: z.array(Certification).max(LIST_LIMITS.certifications),
  gtin: z.string().refine(isValidGtin, 'not a GTIN with a valid check digit').optional(),
  hsCode: z
    .string()
    .regex(/^\d{6}(\d{2}){0,2}$/, 'not an HS code of 6, 8 or 10 digits')
    .optional(),
  netContent: Quantity.optional(),
  ingredients: localizedText(TEXT_LIMITS.ingredients).optional(),
  allergens: z
    .array(
      z
        .string()
        .max(40)
        .regex(/^[A-Z_]+$/),
    )
    .max(LIST_LIMITS.allergens),
  shelfLifeDays: z.int().positive().optional(),
  labelLanguages: z.array(LanguageTag).max(LIST_LIMITS.labelLanguages),
  images: z.array(HttpUrl).max(LIST_LIMITS.images),
  url: HttpUrl.optional(),
  marketplaces: z.array(z.strictObject({ name: z.string().min(1).max(TEXT_LIMITS.producer), url: HttpUrl })).max(LIST_LIMITS.marketplaces),
  traceabilityUrl: HttpUrl.optional(),
});

export type CanonicalProduct = z.infer<typeof CanonicalProduct>;
export type LanguageMap = z.infer<typeof LanguageMap>;
export type Money = z.infer<typeof Money>;
export type CertificationRecord = z.infer<typeof Certification>;
