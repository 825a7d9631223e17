import { describe, expect, it } from 'vitest';
import { ingredientItems, mentionedAllergens, mentions, productForms } from './forms';

describe('product forms', () => {
  it('reads pork from the HS code or the ingredient words, in any language, as whole words', () => {
    expect(productForms({ hsCode: '020311', texts: [] }).has('PORK')).toBe(true);
    expect(productForms({ hsCode: '160100', texts: ['Thịt lợn nạc vai 75%, mỡ lợn 20%'] }).has('PORK')).toBe(true);
    expect(productForms({ hsCode: '160100', texts: ['鶏肉、豚脂'] }).has('PORK')).toBe(true);
    expect(productForms({ hsCode: '190590', texts: ['Tepung gandum, gula'] }).has('PORK')).toBe(false);
    expect(mentions('kue babi panggang', 'babi')).toBe(true);
    expect(mentions('babingka', 'babi')).toBe(false);
  });

  it('single-ingredient foods: one item in the statement, or a single commodity without one', () => {
    expect(productForms({ hsCode: '080590', texts: [], ingredients: ['かぼす（大分県臼杵市産）'] }).has('SINGLE_INGREDIENT')).toBe(true);
    expect(productForms({ hsCode: '121190', texts: [] }).has('SINGLE_INGREDIENT')).toBe(true);
    expect(productForms({ hsCode: '210390', texts: [], ingredients: ['Cá cơm, muối'] }).has('SINGLE_INGREDIENT')).toBe(false);
    expect(ingredientItems('しょうゆ（大豆・小麦を含む）、砂糖')).toEqual(['しょうゆ', '砂糖']);
  });

  it('meat that is not pork needs halal slaughter; herbal medicines by HS 3004 or by name', () => {
    expect([...productForms({ hsCode: '020130', texts: [] })]).toEqual(expect.arrayContaining(['MEAT', 'HALAL_SLAUGHTER_MEAT']));
    expect(productForms({ hsCode: '300490', texts: [] }).has('TRADITIONAL_MEDICINE')).toBe(true);
    expect(productForms({ hsCode: '210690', texts: ['Jamu Kunyit Asam Instan'] }).has('TRADITIONAL_MEDICINE')).toBe(true);
  });

  it('finds the allergens an ingredient statement mentions, without matching inside other words', () => {
    expect(mentionedAllergens(['小麦粉、砂糖、鶏卵'], ['WHEAT', 'EGG', 'MILK'])).toEqual(['WHEAT', 'EGG']);
    expect(mentionedAllergens(['Tepung gandum, telur'], ['WHEAT', 'EGG'])).toEqual(['WHEAT', 'EGG']);
    expect(mentionedAllergens(['Cà phê Robusta rang 100%'], ['FISH'])).toEqual([]);
  });
});
