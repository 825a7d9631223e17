import { z } from 'zod';
import { REQUIREMENTS } from './requirements';
import { Rule } from './rule';

const FOOD = ['FOOD', 'BEVERAGE', 'HERBAL'] as const;
const GOODS = ['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT'] as const;
const CRAFTS = ['TEXTILE', 'HANDICRAFT'] as const;
const LISTED = ['JP', 'ID', 'MY', 'VN', 'TH', 'PH'];
const CODEX = 'Codex General Standard for the Labelling of Prepackaged Foods (CXS 1-1985)';
const JP_ALLERGENS = ['SHRIMP', 'CRAB', 'WALNUT', 'WHEAT', 'BUCKWHEAT', 'EGG', 'MILK', 'PEANUT'];

type RuleInput = Omit<z.input<typeof Rule>, 'requirement'> & { code: keyof typeof REQUIREMENTS };
const rule = (r: RuleInput) => ({ ...r, requirement: REQUIREMENTS[r.code] });

/**
 * The export rules, by destination, product category and origin (DOMAIN.md's facts). Validated
 * with zod when this module loads: a malformed rule stops the gateway at start, never at a query.
 */
export const RULES: readonly Rule[] = z.array(Rule).parse([
  rule({ code: 'HS_CODE', level: 'MANDATORY', destinations: ['*'], categories: [...GOODS], reads: ['hsCode'],
    test: { kind: 'pattern', field: 'hsCode', pattern: '^\\d{6}(\\d{2}){0,2}$' },
    reference: 'WCO International Convention on the Harmonized Commodity Description and Coding System (6-digit subheading)' }),
  rule({ code: 'ORIGIN', level: 'MANDATORY', destinations: ['*'], reads: ['origin.country'],
    test: { kind: 'present', field: 'origin.country' }, reference: 'WTO Agreement on Rules of Origin; origin marking of the destination' }),
  rule({ code: 'CERTIFICATE_OF_ORIGIN', level: 'RECOMMENDED', destinations: ['*'], categories: [...GOODS], reads: ['origin.country', 'hsCode'],
    test: { kind: 'preferentialOrigin' },
    reference: 'ATIGA Annex 7 (Operational Certification Procedure, Form D); RCEP Chapter 3; CPTPP Chapter 3 (Rules of Origin)' }),
  rule({ code: 'GTIN', level: 'RECOMMENDED', destinations: ['*'], categories: [...GOODS], reads: ['gtin'],
    test: { kind: 'present', field: 'gtin' }, reference: 'GS1 General Specifications; GS1 Digital Link' }),

  rule({ code: 'LABEL_LANGUAGE', level: 'MANDATORY', destinations: ['JP'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['ja'] },
    reference: 'Food Labeling Act (Act No. 70 of 2013); Household Goods Quality Labeling Act (Act No. 104 of 1962)' }),
  rule({ code: 'LABEL_LANGUAGE', level: 'MANDATORY', destinations: ['ID'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['id'] }, reference: 'Law 18/2012 on Food, art. 97; BPOM Regulation 31/2018 on Processed Food Labels' }),
  rule({ code: 'LABEL_LANGUAGE', level: 'MANDATORY', destinations: ['MY'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['ms', 'en'] }, reference: 'Food Regulations 1985, regulation 9 (Food Act 1983)' }),
  rule({ code: 'LABEL_LANGUAGE', level: 'MANDATORY', destinations: ['VN'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['vi'] },
    reference: 'Decree 43/2017/ND-CP on goods labels, amended by Decree 111/2021/ND-CP (a supplementary Vietnamese label for imports)' }),
  rule({ code: 'LABEL_LANGUAGE', level: 'MANDATORY', destinations: ['TH'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['th'] }, reference: 'Ministry of Public Health Notification No. 367 (B.E. 2557) on labelling of prepackaged food' }),
  rule({ code: 'LABEL_LANGUAGE', level: 'MANDATORY', destinations: ['PH'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['en', 'fil'] }, reference: 'Republic Act 7394 (Consumer Act), art. 77; FDA Administrative Order 2014-0030' }),
  rule({ code: 'LABEL_LANGUAGE', level: 'RECOMMENDED', destinations: ['DEFAULT'], categories: [...GOODS], reads: ['labelLanguages'],
    test: { kind: 'labelLanguage', anyOf: ['en'] }, reference: CODEX }),

  rule({ code: 'INGREDIENTS', level: 'MANDATORY', destinations: LISTED, categories: [...FOOD], reads: ['ingredients'],
    test: { kind: 'present', field: 'ingredients' }, reference: `${CODEX}, 4.2; the destination's food labelling law` }),
  rule({ code: 'INGREDIENTS', level: 'RECOMMENDED', destinations: ['DEFAULT'], categories: [...FOOD], reads: ['ingredients'],
    test: { kind: 'present', field: 'ingredients' }, reference: `${CODEX}, 4.2` }),
  rule({ code: 'ALLERGENS', level: 'MANDATORY', destinations: ['JP'], categories: [...FOOD], reads: ['ingredients', 'allergens'],
    test: { kind: 'allergens', mustDeclare: JP_ALLERGENS },
    reference: 'Food Labeling Standards (Cabinet Office Ordinance No. 10 of 2015), specified raw materials' }),
  rule({ code: 'ALLERGENS', level: 'MANDATORY', destinations: ['MY'], categories: [...FOOD], reads: ['ingredients', 'allergens'],
    test: { kind: 'allergens' }, reference: 'Food Regulations 1985, regulation 11(1)(g) (statement of allergens)' }),
  rule({ code: 'ALLERGENS', level: 'RECOMMENDED', destinations: ['ID', 'VN', 'TH', 'PH', 'DEFAULT'], categories: [...FOOD],
    reads: ['ingredients', 'allergens'], test: { kind: 'allergens' }, reference: `${CODEX}, 4.2.1.4` }),
  rule({ code: 'NET_CONTENT', level: 'MANDATORY', destinations: LISTED, categories: [...FOOD], reads: ['netContent'],
    test: { kind: 'metricQuantity' }, reference: `${CODEX}, 4.3; the destination's legal metrology law` }),
  rule({ code: 'NET_CONTENT', level: 'RECOMMENDED', destinations: ['DEFAULT'], categories: [...FOOD], reads: ['netContent'],
    test: { kind: 'metricQuantity' }, reference: `${CODEX}, 4.3` }),
  rule({ code: 'SHELF_LIFE', level: 'MANDATORY', destinations: LISTED, categories: [...FOOD], reads: ['shelfLifeDays'],
    test: { kind: 'present', field: 'shelfLifeDays' }, reference: `${CODEX}, 4.7 (date marking)` }),

  rule({ code: 'HALAL_CERTIFICATE', level: 'MANDATORY', destinations: ['ID'], categories: [...FOOD], reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['HALAL'] },
    reference: 'Law 33/2014 on Halal Product Assurance, amended by Law 6/2023; Government Regulation 42/2024' }),
  rule({ code: 'HALAL_CERTIFICATE', level: 'MANDATORY', destinations: ['MY'], categories: [...FOOD], reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['HALAL'], claimedOnly: true },
    reference: 'Trade Descriptions (Definition of Halal) Order 2011; MS 1500:2019 (JAKIM or a recognised foreign body)' }),
  rule({ code: 'HALAL_CERTIFICATE', level: 'MANDATORY', destinations: ['TH'], categories: [...FOOD], reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['HALAL'], claimedOnly: true }, reference: 'CICOT halal standard (THS 24000:2552), when halal is claimed' }),
  rule({ code: 'FOOD_REGISTRATION', level: 'MANDATORY', destinations: ['ID'], categories: [...FOOD], origins: { except: ['ID'] },
    reads: ['certifications'], test: { kind: 'certificate', schemes: ['BPOM'], idPattern: '\\bML\\b' },
    reference: 'BPOM Regulation 27/2017 on Processed Food Registration (ML number for imported food)' }),
  rule({ code: 'FOOD_REGISTRATION', level: 'MANDATORY', destinations: ['ID'], categories: [...FOOD], origins: { only: ['ID'] },
    reads: ['certifications'], test: { kind: 'certificate', schemes: ['BPOM', 'PIRT'] },
    reference: 'BPOM Regulation 27/2017 (MD number); BPOM Regulation 22/2018 (P-IRT for home industries)' }),
  rule({ code: 'FOOD_REGISTRATION', level: 'MANDATORY', destinations: ['TH'], categories: [...FOOD], reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['FDA_TH'] }, reference: 'Food Act B.E. 2522 (1979), section 31 (Thai FDA registration number)' }),
  rule({ code: 'FOOD_REGISTRATION', level: 'MANDATORY', destinations: ['PH'], categories: [...FOOD], reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['FDA_PH'] }, reference: 'Republic Act 9711 (FDA Act of 2009); Certificate of Product Registration' }),
  rule({ code: 'ORGANIC_CLAIM', level: 'MANDATORY', destinations: ['JP'], categories: [...FOOD], reads: ['certifications'],
    test: { kind: 'organicClaim', requires: 'JAS_ORGANIC' },
    reference: 'JAS Act (Act No. 175 of 1950), art. 63: an organic claim needs the organic JAS mark of a registered certification body' }),

  rule({ code: 'MATERIAL_CONTENT', level: 'RECOMMENDED', destinations: ['*'], categories: [...CRAFTS], reads: ['ingredients'],
    test: { kind: 'present', field: 'ingredients' },
    reference: "Household Goods Quality Labeling Act (JP); the destination's textile and consumer-goods labelling rules" }),
]);

/** Destinations with rules of their own; any other APEC economy gets the DEFAULT rules. */
export const LISTED_DESTINATIONS: readonly string[] = LISTED;
