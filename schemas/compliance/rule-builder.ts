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

export type RuleInput = Omit<z.input<typeof Rule>, 'requirement' | 'lastChecked'> & { code: keyof typeof REQUIREMENTS; lastChecked?: string };

/** A rule with its requirement texts in seven languages and the day it was last checked. */
export const rule = (r: RuleInput) => ({ lastChecked: CHECKED, ...r, requirement: REQUIREMENTS[r.code] });
