import { z } from 'zod';
import { Rule } from './rule';
import { CODEX, CRAFTS, FOOD, FRESH_PLANT_ID, GOODS, LISTED, NOT_MEDICINE, PH_PRIMARY, rule } from './rule-builder';
import { HALAL_RULES, MEDICINE_RULES, PROCEDURE_RULES, QUARANTINE_RULES } from './rules-border';

const JP_ALLERGENS = ['SHRIMP', 'CRAB', 'WALNUT', 'WHEAT', 'BUCKWHEAT', 'EGG', 'MILK', 'PEANUT'];
/** Food Regulations 1985, 11(5): (a) cereals containing gluten; (b) nuts and nut products, peanut and soybean included; (c) fish and fish products, crustaceans and molluscs included; (d) milk and milk products, lactose included; (e) eggs and egg products. */
const MY_ALLERGENS = ['WHEAT', 'TREE_NUTS', 'WALNUT', 'PEANUT', 'SOY', 'FISH', 'MACKEREL', 'SQUID', 'SHRIMP', 'CRAB', 'MILK', 'EGG'];
const MY_GROUPS = [
  ['TREE_NUTS', 'WALNUT', 'PEANUT', 'SOY'],
  ['FISH', 'MACKEREL', 'SQUID', 'SHRIMP', 'CRAB'],
];
const STRONG_DRINK = {
  when: { forms: ['SPIRITS' as const] },
  reason:
    'beverages of 10 % alcohol or more need no date marking (Codex CXS 1-1985, 4.7.1; in Japan, the Food Labeling Standards exempt liquor); HS 2208 spirits are far above 10 %',
};
const MAYBE_STRONG = {
  when: { forms: ['FERMENTED_ALCOHOLIC' as const] },
  outcome: 'WARN' as const,
  reason:
    'wine, sake and other fermented drinks of 10 % alcohol or more need no date marking (Codex CXS 1-1985, 4.7.1), but the record does not state the strength: state it or mark a date',
};
const SINGLE = {
  when: { forms: ['SINGLE_INGREDIENT' as const] },
  reason: 'a single-ingredient food needs no ingredient list (Codex CXS 1-1985, 4.2.1); its name names the ingredient',
};
const TH_CONTROLLED = ['190110'];

/**
 * The export rules, by destination, product category, origin and product form (docs/domain.md's facts,
 * each reference read against its instrument on `lastChecked`). Validated with zod when this module
 * loads: a malformed rule stops the gateway at start, never at a query.
 */
export const RULES: readonly Rule[] = z.array(Rule).parse([
  rule({
    code: 'HS_CODE',
    level: 'MANDATORY',
    destinations: ['*'],
    categories: [...GOODS],
    reads: ['hsCode'],
    test: { kind: 'pattern', field: 'hsCode', pattern: '^\\d{6}(\\d{2}){0,2}$' },
    reference: 'WCO International Convention on the Harmonized Commodity Description and Coding System (6-digit subheading, HS 2022)',
  }),
  rule({
    code: 'ORIGIN',
    level: 'MANDATORY',
    destinations: ['*'],
    reads: ['origin.country'],
    test: { kind: 'present', field: 'origin.country' },
    reference: 'WTO Agreement on Rules of Origin; origin marking of the destination',
  }),
  rule({
    code: 'CERTIFICATE_OF_ORIGIN',
    level: 'RECOMMENDED',
    destinations: ['*'],
    categories: [...GOODS],
    reads: ['origin.country', 'hsCode'],
    test: { kind: 'preferentialOrigin' },
    reference:
      'ATIGA Annex 8 (Form D); AJCEP Annex 4 (Form AJ); Japan’s EPAs with Viet Nam, Indonesia, Malaysia, Thailand and the Philippines (rules of origin chapters); RCEP Chapter 3; CPTPP Chapter 3',
    outOfScope: 'whether the product meets the origin criterion (WO, RVC, CTH) of the agreement chosen; tariff rates',
  }),
  rule({
    code: 'GTIN',
    level: 'RECOMMENDED',
    destinations: ['*'],
    categories: [...GOODS],
    reads: ['gtin'],
    test: { kind: 'present', field: 'gtin' },
    reference: 'GS1 General Specifications; GS1 Digital Link',
  }),

  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['JP'],
    categories: [...FOOD],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['ja'] },
    reference: 'Food Labeling Act (Act No. 70 of 2013); Food Labeling Standards (Cabinet Office Ordinance No. 10 of 2015), art. 8 (Japanese)',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'RECOMMENDED',
    destinations: ['JP'],
    categories: [...CRAFTS],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['ja'] },
    reference:
      'Household Goods Quality Labeling Act (Act No. 104 of 1962): Japanese quality labels for designated goods only (textiles, some furniture and sundries); the importer may label them before sale',
    outOfScope: 'which designated-goods category, if any, the item falls in',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['ID'],
    categories: [...FOOD],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['id'] },
    reference: 'Law 18/2012 on Food, art. 97; BPOM Regulation 31/2018 on Processed Food Labels',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'RECOMMENDED',
    destinations: ['ID'],
    categories: [...CRAFTS],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['id'] },
    reference: 'Minister of Trade Regulation 25/2021 on goods that must carry an Indonesian label: listed goods only; the importer may label them',
    outOfScope: 'whether the item is on the list of the regulation',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['MY'],
    categories: [...FOOD],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['ms', 'en'] },
    reference: 'Food Regulations 1985, regulation 10 (Bahasa Malaysia, or English for imported food) (Food Act 1983)',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'RECOMMENDED',
    destinations: ['MY'],
    categories: [...CRAFTS],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['ms', 'en'] },
    reference: 'Trade Descriptions Act 2011 and its orders: no general label-language rule for crafts; Bahasa Malaysia or English recommended',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['VN'],
    categories: [...GOODS],
    reads: ['labelLanguages'],
    test: {
      kind: 'labelLanguage',
      anyOf: ['vi'],
      supplementary:
        'the importer must attach a supplementary label in Vietnamese before the goods circulate in Viet Nam (Decree 43/2017/ND-CP, art. 7, amended by Decree 111/2021/ND-CP)',
    },
    reference:
      'Decree 43/2017/ND-CP on goods labels, arts. 7–8, amended by Decree 111/2021/ND-CP (an importer’s supplementary Vietnamese label is accepted for imports)',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['TH'],
    categories: [...FOOD],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['th'] },
    reference: 'Ministry of Public Health Notification No. 367 (B.E. 2557) on labelling of prepackaged food',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'RECOMMENDED',
    destinations: ['TH'],
    categories: [...CRAFTS],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['th'] },
    reference:
      'Consumer Protection Act B.E. 2522 (1979), sections 30–31: Thai labels for label-controlled goods designated by the Label Committee; the importer may label them',
    outOfScope: 'whether the item is a label-controlled good',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['PH'],
    categories: [...FOOD],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['en', 'fil'] },
    reference: 'FDA Administrative Order 2014-0030 on prepackaged food labelling; Republic Act 7394 (Consumer Act), art. 77',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'MANDATORY',
    destinations: ['PH'],
    categories: [...CRAFTS],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['en', 'fil'] },
    reference: 'Republic Act 7394 (Consumer Act of the Philippines), art. 77: consumer products labelled in English or Filipino',
  }),
  rule({
    code: 'LABEL_LANGUAGE',
    level: 'RECOMMENDED',
    destinations: ['DEFAULT'],
    categories: [...GOODS],
    reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['en'] },
    reference: CODEX,
  }),

  rule({
    code: 'INGREDIENTS',
    level: 'MANDATORY',
    destinations: LISTED,
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['ingredients'],
    exemptions: [SINGLE],
    test: { kind: 'present', field: 'ingredients' },
    reference: `${CODEX}, 4.2; the destination's food labelling law`,
  }),
  rule({
    code: 'INGREDIENTS',
    level: 'RECOMMENDED',
    destinations: ['DEFAULT'],
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['ingredients'],
    exemptions: [SINGLE],
    test: { kind: 'present', field: 'ingredients' },
    reference: `${CODEX}, 4.2`,
  }),
  rule({
    code: 'ALLERGENS',
    level: 'MANDATORY',
    destinations: ['JP'],
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['ingredients', 'allergens'],
    test: { kind: 'allergens', mustDeclare: JP_ALLERGENS },
    reference:
      'Food Labeling Standards (Cabinet Office Ordinance No. 10 of 2015), art. 3(2) and Annex 14: the eight specified raw materials (shrimp, crab, walnut, wheat, buckwheat, egg, milk, peanut)',
    outOfScope: 'the 20 items recommended by notice (soybean, sesame, mackerel...); cross-contact statements',
  }),
  rule({
    code: 'ALLERGENS',
    level: 'MANDATORY',
    destinations: ['MY'],
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['ingredients', 'allergens'],
    test: { kind: 'allergens', mustDeclare: MY_ALLERGENS, groups: MY_GROUPS },
    reference:
      'Food Regulations 1985, regulation 11(1)(ea) (statement of food and ingredients known to cause hypersensitivity), with the list of regulation 11(5): cereals containing gluten; nuts and nut products (peanut, soybean); fish and fish products (crustaceans, molluscs); milk and milk products (lactose); eggs and egg products',
  }),
  rule({
    code: 'ALLERGENS',
    level: 'RECOMMENDED',
    destinations: ['ID', 'VN', 'TH', 'PH', 'DEFAULT'],
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['ingredients', 'allergens'],
    test: { kind: 'allergens', mustDeclare: MY_ALLERGENS, groups: MY_GROUPS },
    reference: `${CODEX}, 4.2.1.4`,
  }),
  rule({
    code: 'NET_CONTENT',
    level: 'MANDATORY',
    destinations: LISTED,
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['netContent'],
    test: { kind: 'metricQuantity' },
    reference: `${CODEX}, 4.3 (metric units; by count where the law allows); the destination's legal metrology law`,
  }),
  rule({
    code: 'NET_CONTENT',
    level: 'RECOMMENDED',
    destinations: ['DEFAULT'],
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['netContent'],
    test: { kind: 'metricQuantity' },
    reference: `${CODEX}, 4.3`,
  }),
  rule({
    code: 'SHELF_LIFE',
    level: 'MANDATORY',
    destinations: LISTED,
    categories: [...FOOD],
    unless: NOT_MEDICINE,
    reads: ['shelfLifeDays', 'hsCode'],
    exemptions: [STRONG_DRINK, MAYBE_STRONG],
    test: { kind: 'present', field: 'shelfLifeDays' },
    reference: `${CODEX}, 4.7 (date marking) and 4.7.1`,
  }),

  ...HALAL_RULES,

  rule({
    code: 'FOOD_REGISTRATION',
    level: 'MANDATORY',
    destinations: ['ID'],
    categories: [...FOOD],
    origins: { except: ['ID'] },
    unless: [...NOT_MEDICINE, { hsPrefixes: FRESH_PLANT_ID }],
    reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['BPOM'], idPattern: '\\bML\\b' },
    reference: 'BPOM Regulation 27/2017 on Processed Food Registration, as amended (ML number for imported processed food)',
  }),
  rule({
    code: 'FOOD_REGISTRATION',
    level: 'MANDATORY',
    destinations: ['ID'],
    categories: [...FOOD],
    when: { hsPrefixes: FRESH_PLANT_ID },
    unless: NOT_MEDICINE,
    reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['PSAT'] },
    reference:
      'Minister of Agriculture Regulation 53/2018 on the Safety and Quality of Fresh Food of Plant Origin (PSAT registration with the agriculture authorities: PL numbers for imports, PD for domestic food), not the food and drug authority',
    outOfScope: 'which minimally processed plant foods the agriculture authorities treat as fresh',
  }),
  rule({
    code: 'FOOD_REGISTRATION',
    level: 'MANDATORY',
    destinations: ['ID'],
    categories: [...FOOD],
    origins: { only: ['ID'] },
    unless: [...NOT_MEDICINE, { hsPrefixes: FRESH_PLANT_ID }],
    reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['BPOM', 'PIRT'] },
    reference: 'BPOM Regulation 27/2017 (MD number); BPOM Regulation 22/2018 (P-IRT for home industries)',
  }),
  rule({
    code: 'FOOD_REGISTRATION',
    level: 'MANDATORY',
    destinations: ['TH'],
    categories: [...FOOD],
    when: { hsPrefixes: TH_CONTROLLED },
    reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['FDA_TH'] },
    reference: 'Food Act B.E. 2522 (1979), section 31 (registration of specifically controlled foods: infant food and follow-up formula among them)',
  }),
  rule({
    code: 'FOOD_REGISTRATION',
    level: 'PROCEDURE',
    destinations: ['TH'],
    categories: [...FOOD],
    origins: { except: ['TH'] },
    unless: [...NOT_MEDICINE, { hsPrefixes: TH_CONTROLLED }],
    reads: ['hsCode'],
    test: {
      kind: 'procedure',
      action:
        'not a specifically controlled food, so no registration number under section 31: the importer lists the product (food serial number) under its import licence of section 15',
    },
    reference: 'Food Act B.E. 2522 (1979), section 31 (specifically controlled foods only) and section 15 (import licence)',
    outOfScope: 'the full list of specifically controlled foods (Ministry of Public Health notifications)',
  }),
  rule({
    code: 'FOOD_REGISTRATION',
    level: 'MANDATORY',
    destinations: ['PH'],
    categories: [...FOOD],
    unless: [...NOT_MEDICINE, { hsPrefixes: PH_PRIMARY }],
    reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['FDA_PH'] },
    reference:
      'Republic Act 9711 (FDA Act of 2009): Certificate of Product Registration for processed food; Republic Act 10611 (Food Safety Act of 2013) leaves fresh and primary food to the Department of Agriculture',
  }),
  rule({
    code: 'FOOD_REGISTRATION',
    level: 'PROCEDURE',
    destinations: ['PH'],
    categories: [...FOOD],
    origins: { except: ['PH'] },
    when: { hsPrefixes: PH_PRIMARY },
    unless: NOT_MEDICINE,
    reads: ['hsCode'],
    test: {
      kind: 'procedure',
      action:
        'fresh and primary food is the Department of Agriculture’s, not the FDA’s: no Certificate of Product Registration; the importer obtains the SPS import clearance of the DA bureau concerned (BPI, BAI or BFAR)',
    },
    reference: 'Republic Act 10611 (Food Safety Act of 2013): the Department of Agriculture regulates fresh plant and animal food and primary products',
  }),
  rule({
    code: 'ORGANIC_CLAIM',
    level: 'MANDATORY',
    destinations: ['JP'],
    categories: [...FOOD],
    reads: ['certifications'],
    test: { kind: 'organicClaim', requires: 'JAS_ORGANIC' },
    reference: 'JAS Act (Act No. 175 of 1950), art. 63: an organic claim needs the organic JAS mark of a registered certification body',
  }),

  rule({
    code: 'MATERIAL_CONTENT',
    level: 'RECOMMENDED',
    destinations: ['*'],
    categories: [...CRAFTS],
    reads: ['ingredients'],
    test: { kind: 'present', field: 'ingredients' },
    reference: "Household Goods Quality Labeling Act (JP); the destination's textile and consumer-goods labelling rules",
  }),

  ...QUARANTINE_RULES,
  ...PROCEDURE_RULES,
  ...MEDICINE_RULES,
]);

/** Destinations with rules of their own; any other APEC economy gets the DEFAULT rules. */
export const LISTED_DESTINATIONS: readonly string[] = LISTED;
