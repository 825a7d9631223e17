import { describe, expect, it } from 'vitest';
import { aspectOf, aspectsOf } from './aspects';

describe('aspectOf', () => {
  it.each([
    ['name.vi', 'CONTENT'],
    ['description.en', 'CONTENT'],
    ['category', 'CONTENT'],
    ['producer.name', 'CONTENT'],
    ['price.amount', 'PRICE'],
    ['price.currency', 'PRICE'],
    ['availability', 'AVAILABILITY'],
    ['rating.value', 'RATING'],
    ['certifications.HALAL.validUntil', 'CERTIFICATION'],
    ['certifications.HALAL#2.id', 'CERTIFICATION'],
    ['images', 'IMAGES'],
    ['hsCode', 'COMPLIANCE'],
    ['allergens', 'COMPLIANCE'],
    ['labelLanguages', 'COMPLIANCE'],
    ['netContent.value', 'COMPLIANCE'],
    ['origin.country', 'COMPLIANCE'],
  ])('%s is %s', (path, aspect) => {
    expect(aspectOf(path)).toBe(aspect);
  });

  it('does not take an inherited name for a field', () => {
    expect(aspectOf('constructor')).toBe('CONTENT');
    expect(aspectOf('toString.x')).toBe('CONTENT');
  });

  it('lists distinct aspects in the enum order', () => {
    expect(aspectsOf(['images', 'price.amount', 'name.vi', 'price.currency'])).toEqual(['CONTENT', 'PRICE', 'IMAGES']);
    expect(aspectsOf([])).toEqual([]);
  });
});
