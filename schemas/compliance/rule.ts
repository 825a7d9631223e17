import { z } from 'zod';
import { CATEGORY_CODES } from '../taxonomy/categories';

/** How a rule judges a product. */
export const RuleTest = z.discriminatedUnion('kind', [
  /** The field has a value. */
  z.strictObject({ kind: z.literal('present'), field: z.string() }),
  /** The field's value matches a pattern (e.g. a 6-digit HS code). */
  z.strictObject({ kind: z.literal('pattern'), field: z.string(), pattern: z.string() }),
  /** A certificate of one of the schemes, valid on the day; `claimedOnly`: not applicable without one. */
  z.strictObject({
    kind: z.literal('certificate'),
    schemes: z.array(z.string()).min(1),
    idPattern: z.string().optional(),
    claimedOnly: z.boolean().default(false),
  }),
  /** The label is written in one of these languages. */
  z.strictObject({ kind: z.literal('labelLanguage'), anyOf: z.array(z.string()).min(1) }),
  /** Net content in metric units (g, kg, ml, l). */
  z.strictObject({ kind: z.literal('metricQuantity') }),
  /** Allergens declared against an ingredient statement; `mustDeclare` names the destination's list. */
  z.strictObject({ kind: z.literal('allergens'), mustDeclare: z.array(z.string()).default([]) }),
  /** A preferential certificate of origin is available between origin and destination. */
  z.strictObject({ kind: z.literal('preferentialOrigin') }),
  /** An organic claim needs this scheme in the destination (JAS in Japan). */
  z.strictObject({ kind: z.literal('organicClaim'), requires: z.string() }),
]);
export type RuleTest = z.infer<typeof RuleTest>;

const Requirement = z.strictObject({
  en: z.string().min(1),
  ja: z.string().min(1),
  id: z.string().min(1),
  ms: z.string().min(1),
  vi: z.string().min(1),
  th: z.string().min(1),
  fil: z.string().min(1),
});

/** One export rule: when it applies, what it reads, how it judges, and where the law says so. */
export const Rule = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'check codes are UPPER_SNAKE'),
  level: z.enum(['MANDATORY', 'RECOMMENDED']),
  /** Destination economies, `*` for every one, `DEFAULT` for those without rules of their own. */
  destinations: z.array(z.string().regex(/^([A-Z]{2}|\*|DEFAULT)$/)).min(1),
  /** Product categories it applies to; absent: every good. */
  categories: z.array(z.enum(CATEGORY_CODES)).optional(),
  /** Origins it applies to (`only`) or not (`except`). */
  origins: z.strictObject({ only: z.array(z.string()).optional(), except: z.array(z.string()).optional() }).optional(),
  reads: z.array(z.string()).min(1),
  test: RuleTest,
  requirement: Requirement,
  reference: z.string().min(1),
});
export type Rule = z.infer<typeof Rule>;
