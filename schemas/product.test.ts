import { describe, expect, it } from 'vitest';
import { Manifest } from './manifest';
import { CanonicalProduct, LIST_LIMITS, TEXT_LIMITS } from './product';

const product = (extra: Record<string, unknown>) => ({
  id: 'vn-ocop:A1',
  connector: 'vn-ocop',
  localId: 'A1',
  economy: 'VN',
  programme: 'OCOP',
  language: 'vi',
  name: { vi: 'Mật ong' },
  origin: { country: 'VN' },
  certifications: [],
  allergens: [],
  labelLanguages: [],
  images: [],
  marketplaces: [],
  ...extra,
});
const issuesOf = (extra: Record<string, unknown>) => CanonicalProduct.safeParse(product(extra)).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('canonical text fields have maximum lengths', () => {
  it.each([
    ['name', TEXT_LIMITS.name],
    ['description', TEXT_LIMITS.description],
    ['story', TEXT_LIMITS.story],
    ['ingredients', TEXT_LIMITS.ingredients],
  ])('%s: %i characters pass, one more does not', (field, max) => {
    expect(issuesOf({ [field]: { vi: 'x'.repeat(max) } })).toEqual([]);
    expect(issuesOf({ [field]: { vi: 'x'.repeat(max + 1) } })).toEqual([`${field}.vi`]);
  });

  it('and so do producers, places, certificates, links and lists', () => {
    expect(issuesOf({ producer: { name: 'x'.repeat(TEXT_LIMITS.producer + 1) } })).toEqual(['producer.name']);
    expect(issuesOf({ origin: { country: 'VN', region: 'x'.repeat(TEXT_LIMITS.place + 1) } })).toEqual(['origin.region']);
    expect(issuesOf({ certifications: [{ scheme: 'HALAL', id: 'x'.repeat(TEXT_LIMITS.certificate + 1) }] })).toEqual(['certifications.0.id']);
    expect(issuesOf({ url: `https://a.example/${'x'.repeat(TEXT_LIMITS.url)}` })).toEqual(['url']);
    expect(issuesOf({ images: Array.from({ length: LIST_LIMITS.images + 1 }, (_, i) => `https://a.example/${i}.jpg`) })).toEqual(['images']);
    const languages = Object.fromEntries(
      [
        'vi',
        'en',
        'ja',
        'th',
        'ms',
        'id',
        'ko',
        'fil',
        'zh',
        'fr',
        'de',
        'es',
        'it',
        'pt',
        'ru',
        'ar',
        'hi',
        'bn',
        'ta',
        'te',
        'mr',
        'ur',
        'fa',
        'tr',
        'pl',
        'nl',
        'sv',
        'no',
        'da',
        'fi',
        'cs',
      ].map((l) => [l, 'x']),
    );
    expect(issuesOf({ name: languages })).toEqual(['name']);
  });
});

describe('mapping keys are own canonical fields', () => {
  const manifest = (mapping: string) => ({
    id: 'th-otop',
    economy: 'TH',
    programme: 'OTOP',
    name: 'Thailand OTOP',
    source: { url: 'https://catalogue.example/otop', format: 'json' },
    defaults: { currency: 'THB', language: 'th' },
    mapping: JSON.parse(mapping),
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])('"%s" is refused', (key) => {
    const parsed = Manifest.safeParse(manifest(`{"localId":"code","name":"name","${key}":"x"}`));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual([`mapping.${key}`]);
  });

  it('a mapping of canonical fields passes', () => {
    expect(Manifest.safeParse(manifest('{"localId":"code","name":{"th":"name_th"},"price":"price"}')).success).toBe(true);
  });
});
