import type { Manifest } from '../../schemas/manifest';
import { RATING_SCALES } from '../../schemas/programmes';
import { RecordError } from '../core/errors';
import { allergens, category, compact, hsCode, integer, languageMap, list, money, quantity, text } from '../core/fields';
import type { MappedRecord } from '../core/harvest';
import { certificationsFrom } from './certifications';
import { valueAt } from './dot-path';

/** One source record mapped by the manifest's dot paths onto a canonical candidate. */
export function mapByManifest(manifest: Manifest, record: unknown): MappedRecord {
  const { mapping, defaults, economy, programme } = manifest;
  const at = (field: keyof typeof mapping & string) => {
    const path = mapping[field];
    return typeof path === 'string' ? valueAt(record, path) : undefined;
  };
  const localized = (field: string) => {
    const path = mapping[field];
    if (path === undefined) return undefined;
    if (typeof path === 'string') return languageMap({ [defaults.language]: valueAt(record, path) });
    return languageMap(Object.fromEntries(Object.entries(path).map(([lang, p]) => [lang, valueAt(record, p)])));
  };
  const scheme = `${economy}-${programme}`;
  return {
    localId: text(at('localId')),
    map: () => {
      const own = typeof mapping.name === 'string' ? mapping.name : mapping.name?.[defaults.language];
      if (own !== undefined && !text(valueAt(record, own))) {
        throw new RecordError(`name.${defaults.language}`, `the name in the catalogue's own language (${defaults.language}) is empty`);
      }
      const rating = integer(at('rating'), 'rating');
      const producer = text(at('producer.name'));
      return compact({
        name: localized('name'),
        description: localized('description'),
        story: localized('story'),
        ingredients: localized('ingredients'),
        category: category(at('category')),
        price: money(at('price'), defaults.currency),
        rating: rating === undefined ? undefined : { scheme, value: rating, max: RATING_SCALES.get(scheme)?.max ?? 5 },
        producer: producer ? compact({ name: producer, region: text(at('producer.region')) }) : undefined,
        origin: compact({ country: economy, region: text(at('origin.region')), locality: text(at('origin.locality')) }),
        certifications: certificationsFrom(at('certifications')),
        gtin: text(at('gtin')),
        hsCode: hsCode(at('hsCode')),
        netContent: quantity(at('netContent')),
        allergens: allergens(list(at('allergens'))),
        shelfLifeDays: integer(at('shelfLifeDays'), 'shelfLifeDays'),
        labelLanguages: list(at('labelLanguages'), /[|,;\s]+/),
        images: list(at('images'), /[|,\s]+/),
        url: text(at('url')),
        traceabilityUrl: text(at('traceabilityUrl')),
        marketplaces: [],
      });
    },
  };
}
