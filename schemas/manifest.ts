import { z } from 'zod';
import { isKnownCurrency } from './currencies';
import { isApecEconomy } from './economies';
import { LANGUAGE_TAG_PATTERN } from './languages';
import { CONNECTOR_ID_PATTERN } from './product';

/** Canonical fields a manifest may map, and whether each is a language map. */
export const MAPPABLE_FIELDS = {
  localId: 'plain',
  name: 'localized',
  description: 'localized',
  story: 'localized',
  ingredients: 'localized',
  price: 'plain',
  availability: 'plain',
  category: 'plain',
  rating: 'plain',
  'producer.name': 'plain',
  'producer.region': 'plain',
  'origin.region': 'plain',
  'origin.locality': 'plain',
  gtin: 'plain',
  hsCode: 'plain',
  certifications: 'plain',
  images: 'plain',
  url: 'plain',
  netContent: 'plain',
  allergens: 'plain',
  shelfLifeDays: 'plain',
  labelLanguages: 'plain',
  traceabilityUrl: 'plain',
} as const;

/** A canonical field a manifest may map. */
export type MappableField = keyof typeof MAPPABLE_FIELDS;

/** Whether `field` is a mappable canonical field: an own key of MAPPABLE_FIELDS, never `constructor` or `toString`. */
export function isMappableField(field: string): field is MappableField {
  return Object.hasOwn(MAPPABLE_FIELDS, field);
}

const DotPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^.\s][^\s]*$/, 'not a dot path');
const ParamName = z.string().regex(/^[A-Za-z0-9_.\-[\]]{1,64}$/, 'not a query parameter name');
const Header = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'not an HTTP header name');

const Encoding = z.string().refine((label) => {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}, 'not a WHATWG encoding label');

const Pagination = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('page'),
    param: ParamName,
    sizeParam: ParamName.optional(),
    size: z.int().min(1).max(1000).default(100),
    start: z.int().min(0).max(1).default(1),
  }),
  z.strictObject({ type: z.literal('cursor'), param: ParamName, next: DotPath, sizeParam: ParamName.optional(), size: z.int().min(1).max(1000).optional() }),
]);

/** `__proto__` as a key of the raw mapping: zod's record skips it without a word, so it is refused here. */
const refuseProtoKey = (value: unknown, ctx: z.RefinementCtx) => {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
    ctx.addIssue({ code: 'custom', path: ['__proto__'], message: '"__proto__" is not a canonical field that can be mapped' });
  }
  return value;
};

const Mapping = z
  .record(z.string(), z.union([DotPath, z.record(z.string().regex(LANGUAGE_TAG_PATTERN, 'not a BCP 47 tag'), DotPath)]))
  .superRefine((mapping, ctx) => {
    for (const [field, path] of Object.entries(mapping)) {
      const kind = isMappableField(field) ? MAPPABLE_FIELDS[field] : undefined;
      if (!kind) ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" is not a canonical field that can be mapped` });
      else if (kind === 'plain' && typeof path !== 'string')
        ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" maps to one path, not a language map` });
    }
    for (const required of ['localId', 'name']) {
      if (!Object.hasOwn(mapping, required)) ctx.addIssue({ code: 'custom', path: [required], message: `"${required}" must be mapped` });
    }
  });

/**
 * A connector manifest (docs/contract.md): what a member economy registers to connect its catalogue.
 * Strict: unknown keys, a bad id, unknown codes, a bad URL or format are all refused.
 */
export const Manifest = z
  .strictObject({
    id: z.string().regex(CONNECTOR_ID_PATTERN, 'a connector id is 3 to 40 of a-z, 0-9 and -'),
    economy: z.string().refine(isApecEconomy, 'not an APEC economy (ISO 3166-1 alpha-2, upper case)'),
    programme: z.string().regex(/^[A-Z][A-Z0-9_-]{1,15}$/, 'a programme code such as OTOP'),
    name: z.string().trim().min(1).max(200),
    source: z.strictObject({
      url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }),
      format: z.enum(['json', 'csv', 'xml']),
      encoding: Encoding.default('utf-8'),
      items: DotPath.optional(),
      delimiter: z.enum([',', ';', '\t', '|']).optional(),
      pagination: Pagination.default({ type: 'none' }),
      headers: z.record(Header, z.string().max(4096)).default({}),
    }),
    defaults: z.strictObject({
      currency: z.string().refine(isKnownCurrency, 'not an ISO 4217 currency of an APEC economy'),
      language: z.string().regex(LANGUAGE_TAG_PATTERN, 'not a BCP 47 language tag'),
    }),
    refresh: z
      .strictObject({
        ttlSeconds: z
          .int()
          .min(60)
          .max(7 * 24 * 3600),
      })
      .default({ ttlSeconds: 3600 }),
    mapping: z.preprocess(refuseProtoKey, Mapping),
  })
  .superRefine((m, ctx) => {
    if (!m.id.startsWith(`${m.economy.toLowerCase()}-`)) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `the id must start with the economy: "${m.economy.toLowerCase()}-..."` });
    }
    if (m.source.format !== 'csv' && m.source.delimiter)
      ctx.addIssue({ code: 'custom', path: ['source', 'delimiter'], message: 'a delimiter is for csv only' });
    if (m.source.format === 'csv' && m.source.pagination.type === 'cursor') {
      ctx.addIssue({ code: 'custom', path: ['source', 'pagination'], message: 'a CSV has no response to read a cursor from' });
    }
  });

export type Manifest = z.infer<typeof Manifest>;

/** Every problem of an invalid manifest, with its path: what BAD_USER_INPUT carries. */
export function manifestIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({
    path: i.path.join('.') || '(manifest)',
    // A refused record key says why in its own issues ("Invalid key in record" says nothing).
    message: i.code === 'invalid_key' && i.issues[0] ? i.issues[0].message : i.message,
  }));
}
