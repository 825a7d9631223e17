import type { z } from 'zod';
import { REQUIREMENTS } from './requirements';
import type { Rule } from './rule';

/** The day every reference below was last read against its instrument. */
export const CHECKED = '2026-11-25';
export const FOOD = ['FOOD', 'BEVERAGE', 'HERBAL'] as const;
export const GOODS = ['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT'] as const;
export const CRAFTS = ['TEXTILE', 'HANDICRAFT'] as const;
export const LISTED = ['JP', 'ID', 'MY', 'VN', 'TH', 'PH'];
export const CODEX = 'Codex General Standard for the Labelling of Prepackaged Foods (CXS 1-1985)';
/** Food rules leave herbal medicines to the traditional-medicine rules. */
export const NOT_MEDICINE = [{ forms: ['TRADITIONAL_MEDICINE' as const] }];

/** Fresh plant food (and minimally processed: dried, whole spices, green coffee), Indonesia's PSAT. */
export const FRESH_PLANT_ID = [
  '06',
  '07',
  '0801',
  '0802',
  '0803',
  '0804',
  '0805',
  '0806',
  '0807',
  '0808',
  '0809',
  '0810',
  '0813',
  '090111',
  '090112',
  '0904',
  '0905',
  '0906',
  '0907',
  '0908',
  '0909',
  '0910',
  '10',
  '12',
];
/** Fresh and primary food (not dried, not spices, not honey), the Philippine Department of Agriculture's under the Food Safety Act. */
export const PH_PRIMARY = [
  '02',
  '0301',
  '0302',
  '0303',
  '0304',
  '0306',
  '0307',
  '0308',
  '0407',
  '0701',
  '0702',
  '0703',
  '0704',
  '0705',
  '0706',
  '0707',
  '0708',
  '0709',
  '0710',
  '0714',
  '0801',
  '0802',
  '0803',
  '0804',
  '0805',
  '0806',
  '0807',
  '0808',
  '0809',
  '0810',
  '090111',
  '090112',
  '1001',
  '1002',
  '1003',
  '1004',
  '1005',
  '1006',
  '1007',
  '1008',
  '1201',
  '1202',
  '1203',
  '1204',
  '1205',
  '1206',
  '1207',
];

export type RuleInput = Omit<z.input<typeof Rule>, 'requirement' | 'lastChecked'> & { code: keyof typeof REQUIREMENTS; lastChecked?: string };

/** A rule with its requirement texts in seven languages and the day it was last checked. */
export const rule = (r: RuleInput) => ({ lastChecked: CHECKED, ...r, requirement: REQUIREMENTS[r.code] });
