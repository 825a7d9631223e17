import { z } from 'zod';
import { PRODUCT_TERMS } from './product-terms';

const LANGUAGES = ['en', 'ja', 'id', 'ms', 'vi', 'th', 'fil'] as const;
const term = z.string().trim().min(1).max(60);

/** One concept of the lexicon: its terms in each language (variants of one word within a language). */
export const lexiconConcept = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  terms: z.partialRecord(z.enum(LANGUAGES), z.array(term).min(1)),
});
export type LexiconConcept = z.infer<typeof lexiconConcept>;

/** The whole lexicon: concept ids unique, at least two languages each (else it translates nothing). */
export const lexiconSchema = z
  .array(lexiconConcept.refine((c) => Object.keys(c.terms).length >= 2, { message: 'a concept needs two languages' }))
  .superRefine((concepts, ctx) => {
    const seen = new Set<string>();
    for (const c of concepts) {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate concept ${c.id}` });
      seen.add(c.id);
    }
  });

/** The product-term lexicon, parsed at load: a malformed entry stops the process starting, loudly. */
export const LEXICON: readonly LexiconConcept[] = lexiconSchema.parse(PRODUCT_TERMS);
