import { CHANGE_ASPECTS, type ChangeAspect } from './event';

/**
 * The aspect of each top-level field. Trade and label data (HS code, GTIN, net content,
 * ingredients, allergens, shelf life, label languages, origin) is COMPLIANCE: it is what the
 * destination rules read. Anything not named here (names, texts, category, producer, links) is
 * CONTENT.
 */
const BY_FIELD: Readonly<Record<string, ChangeAspect>> = {
  price: 'PRICE',
  availability: 'AVAILABILITY',
  rating: 'RATING',
  certifications: 'CERTIFICATION',
  images: 'IMAGES',
  hsCode: 'COMPLIANCE',
  gtin: 'COMPLIANCE',
  netContent: 'COMPLIANCE',
  ingredients: 'COMPLIANCE',
  allergens: 'COMPLIANCE',
  shelfLifeDays: 'COMPLIANCE',
  labelLanguages: 'COMPLIANCE',
  origin: 'COMPLIANCE',
  compliance: 'COMPLIANCE',
};

/** The aspect a field path belongs to, by its first segment (`price.amount` → PRICE). */
export function aspectOf(path: string): ChangeAspect {
  const top = path.split('.', 1)[0]!;
  return Object.hasOwn(BY_FIELD, top) ? BY_FIELD[top]! : 'CONTENT';
}

/** The distinct aspects of some paths, in the enum's order. */
export function aspectsOf(paths: Iterable<string>): ChangeAspect[] {
  const found = new Set<ChangeAspect>();
  for (const path of paths) found.add(aspectOf(path));
  return CHANGE_ASPECTS.filter((a) => found.has(a));
}
