import type { CanonicalProduct } from '../../../schemas/product';

/** A Thai OTOP product with only what search reads: its names and, if given, its descriptions. */
export const thaiProduct = (id: string, name: Record<string, string>, description?: Record<string, string>): CanonicalProduct => ({
  id: `th-otop:${id}`,
  connector: 'th-otop',
  localId: id,
  economy: 'TH',
  programme: 'OTOP',
  language: 'th',
  name,
  description,
  origin: { country: 'TH' },
  certifications: [],
  allergens: [],
  labelLanguages: [],
  images: [],
  marketplaces: [],
});
