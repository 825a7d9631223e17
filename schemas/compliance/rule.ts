import { z } from 'zod';
import { CATEGORY_CODES } from '../taxonomy/categories';
import { PRODUCT_FORMS } from './forms';

/** How a rule judges a product. */
export const RuleTest = z.discriminatedUnion('kind', [
  /** The field has a value. */
  z.strictObject({ kind: z.literal('present'), field: z.string() }),
  /** The field's value matches a pattern (e.g. a 6-digit HS code). */
  z.strictObject({ kind: z.literal('pattern'), field: z.string(), pattern: z.string() }),
  /**
   * A certificate of one of the schemes, valid on the day; `claimedOnly`: not applicable without one.
   * `issuers`: only these bodies count (matched on the issuer, or the id's prefix), with a note for
   * issuers often taken for recognised ones. `registeredAs`: a foreign certificate counts only with a
   * registration of this scheme too (Indonesia's BPJPH registration; Malaysia's recognised meat plant),
   * `domestic` certificates excepted.
   */
  z.strictObject({
    kind: z.literal('certificate'),
    schemes: z.array(z.string()).min(1),
    idPattern: z.string().optional(),
    claimedOnly: z.boolean().default(false),
    issuers: z.array(z.string()).optional(),
    issuerNotes: z.record(z.string(), z.string()).optional(),
    registeredAs: z.string().optional(),
    /** What the missing registration means, for the detail. */
    registrationNote: z.string().optional(),
    domestic: z.strictObject({ issuers: z.array(z.string()), idPattern: z.string().optional() }).optional(),
  }),
  /** The label is written in one of these languages; `supplementary`: an importer's label may add it. */
  z.strictObject({ kind: z.literal('labelLanguage'), anyOf: z.array(z.string()).min(1), supplementary: z.string().optional() }),
  /** Net content in metric units (g, kg, ml, l) or as a count (pieces). */
  z.strictObject({ kind: z.literal('metricQuantity') }),
  /**
   * The destination's list of allergens (`mustDeclare`) is compared with the ingredients: each one the
   * ingredients mention must be declared (a member of its `groups` entry counts for the group); with no
   * ingredient statement none can be confirmed.
   */
  z.strictObject({
    kind: z.literal('allergens'),
    mustDeclare: z.array(z.string()).default([]),
    groups: z.array(z.array(z.string()).min(2)).default([]),
  }),
  /** A preferential certificate of origin is available between origin and destination. */
  z.strictObject({ kind: z.literal('preferentialOrigin') }),
  /** An organic claim needs this scheme in the destination (JAS in Japan). */
  z.strictObject({ kind: z.literal('organicClaim'), requires: z.string() }),
  /** A step of the importer or of each shipment, not a product fact: reported, never judged. */
  z.strictObject({ kind: z.literal('procedure'), action: z.string().min(10) }),
  /** A label element the record cannot show: always a warning that says what the label must carry. */
  z.strictObject({ kind: z.literal('labelStatement'), statement: z.string().min(10) }),
  /** The import is prohibited unless the product holds a certificate of `unlessScheme`. */
  z.strictObject({ kind: z.literal('prohibited'), reason: z.string().min(10), unlessScheme: z.string() }),
  /** A risk the record cannot settle: a warning saying what to confirm. */
  z.strictObject({ kind: z.literal('confirm'), question: z.string().min(10) }),
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

/** Which products: any of the HS prefixes, any of the forms, any of the origins (each list that is given must match). */
export const Selector = z.strictObject({
  hsPrefixes: z
    .array(z.string().regex(/^\d{2,10}$/))
    .min(1)
    .optional(),
  forms: z.array(z.enum(PRODUCT_FORMS)).min(1).optional(),
  origins: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .min(1)
    .optional(),
});
export type Selector = z.infer<typeof Selector>;

/** A case the law carves out, with its reason; `outcome` WARN where the record cannot prove the case. */
export const Exemption = z.strictObject({
  when: Selector,
  reason: z.string().min(10),
  outcome: z.enum(['NOT_APPLICABLE', 'WARN']).default('NOT_APPLICABLE'),
});

/** One export rule: when it applies, what it reads, how it judges, and where the law says so. */
export const Rule = z
  .strictObject({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'check codes are UPPER_SNAKE'),
    /** MANDATORY blocks when it fails; RECOMMENDED warns; PROCEDURE is the importer's or shipment's step, reported only. */
    level: z.enum(['MANDATORY', 'RECOMMENDED', 'PROCEDURE']),
    /** Destination economies, `*` for every one, `DEFAULT` for those without rules of their own. */
    destinations: z.array(z.string().regex(/^([A-Z]{2}|\*|DEFAULT)$/)).min(1),
    /** Product categories it applies to; absent: every good. */
    categories: z.array(z.enum(CATEGORY_CODES)).optional(),
    /** Origins it applies to (`only`) or not (`except`). */
    origins: z.strictObject({ only: z.array(z.string()).optional(), except: z.array(z.string()).optional() }).optional(),
    /** Only products that match (HS prefixes, forms, origins). */
    when: Selector.optional(),
    /** Not products that match any of these. */
    unless: z.array(Selector).min(1).optional(),
    exemptions: z.array(Exemption).default([]),
    reads: z.array(z.string()).min(1),
    test: RuleTest,
    requirement: Requirement,
    reference: z.string().min(1),
    /** The day the reference was last read against the instrument (YYYY-MM-DD). */
    lastChecked: z.iso.date(),
    /** What this rule does not cover, for the published tables. */
    outOfScope: z.string().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.test.kind === 'procedure' && r.level !== 'PROCEDURE')
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'a procedure test needs level PROCEDURE' });
    if (r.level === 'PROCEDURE' && r.test.kind !== 'procedure')
      ctx.addIssue({ code: 'custom', path: ['test'], message: 'level PROCEDURE needs a procedure test' });
  });
export type Rule = z.infer<typeof Rule>;
