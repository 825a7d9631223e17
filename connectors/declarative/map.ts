import type { Manifest, MappableField } from '../../schemas/manifest';
import { knownAvailability } from '../../schemas/availability';
import { RATING_SCALES } from '../../schemas/programmes';
import { RecordError } from '../core/errors';
import { allergens, category, compact, hsCode, integer, languageMap, list, money, ownProperty, quantity, text } from '../core/fields';
import type { MappedRecord } from '../core/harvest';
import { certificationsFrom } from './certifications';
import { valueAt } from './dot-path';
import { capped } from './field-caps';

/**
 * One source record mapped by the manifest's dot paths onto a canonical candidate. Each value is
 * held to its field's length (FIELD_CHARS) before any parser reads it.
 */
export function mapByManifest(manifest: Manifest, record: unknown): MappedRecord {
  const { mapping, defaults, economy, programme } = manifest;
  const pathOf = (field: MappableField) => (Object.hasOwn(mapping, field) ? mapping[field] : undefined);
  const at = (field: MappableField) => {
    const path = pathOf(field);
    return typeof path === 'string' ? capped(valueAt(record, path), field, field, path) : undefined;
  };
  const localized = (field: MappableField) => {
    const path = pathOf(field);
    if (path === undefined) return undefined;
    // Each language read and capped in the manifest's order, straight into one object (no pairs: every record maps four).
    const values: Record<string, unknown> = {};
    if (typeof path === 'string') ownProperty(values, defaults.language, capped(valueAt(record, path), field, `${field}.${defaults.language}`, path));
    else {
      for (const lang of Object.keys(path)) {
        const p = path[lang]!;
        ownProperty(values, lang, capped(valueAt(record, p), field, `${field}.${lang}`, p));
      }
    }
    return languageMap(values);
  };
  const scheme = `${economy}-${programme}`;
  // A local id that cannot be read leaves the record without one; mapping it then says why.
  let localId: string | undefined;
  try {
    localId = text(at('localId'));
  } catch {
    localId = undefined;
  }
  return {
    localId,
    map: () => {
      at('localId'); // a local id that could not be read says why here, as the record's issue
      const name = pathOf('name');
      const own = typeof name === 'string' ? name : name && Object.hasOwn(name, defaults.language) ? name[defaults.language] : undefined;
      if (own !== undefined && !text(capped(valueAt(record, own), 'name', `name.${defaults.language}`, own))) {
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
        availability: knownAvailability(at('availability')),
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
