import type { IndexedProduct } from '../federation/snapshot';
import { languagePreferences, pickLocalized } from '../normalize/language';

/** The product's texts that the JSON-LD document writes as language maps. */
const LOCALIZED = ['name', 'description', 'story', 'ingredients'] as const;

/**
 * The product with each of its texts in one language, the one the portal would show for `lang`:
 * the requested tag, its base language, English, then the product's own (pickLocalized). A
 * delivery's product is in its subscription's language (CONTRACT, "Webhooks: pushed changes"),
 * while the JSON-LD document stays a valid one: each text is still a language map, of one entry
 * that names the language it is in. The record itself is not changed.
 */
export function inLanguage(item: IndexedProduct, lang: string): IndexedProduct {
  const preferences = languagePreferences(lang, null);
  const product = { ...item.product };
  for (const field of LOCALIZED) {
    const picked = pickLocalized(product[field], preferences, product.language);
    if (picked) product[field] = { [picked.lang]: picked.value };
  }
  return { ...item, product };
}
