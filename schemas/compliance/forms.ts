import { ALLERGENS } from '../taxonomy/allergens';

/**
 * Product forms that decide which border and labelling rules apply, derived from the HS code and
 * the words of the record (names and ingredients). Rule data selects on them; the evaluator stays
 * a pure function of the record.
 */
export const PRODUCT_FORMS = [
  'PORK',
  'ALCOHOLIC',
  'SPIRITS',
  'FERMENTED_ALCOHOLIC',
  'MEAT',
  'HALAL_SLAUGHTER_MEAT',
  'FISHERY',
  'PLANT_PRODUCT',
  'FRUIT_FLY_HOST',
  'TRADITIONAL_MEDICINE',
  'FOOD_CONTACT',
  'INFANT_FOOD',
  'SINGLE_INGREDIENT',
] as const;
export type ProductForm = (typeof PRODUCT_FORMS)[number];

/** HS prefixes (2 to 6 digits) of each form; a product's HS code starting with one has the form. */
export const FORM_HS: Readonly<Partial<Record<ProductForm, readonly string[]>>> = {
  PORK: ['0203', '020630', '020640', '0209', '021011', '021012', '021019', '160241', '160242', '160249'],
  ALCOHOLIC: ['2203', '2204', '2205', '2206', '2208'],
  /** Spirits and spirituous beverages: HS 2208 covers distilled drinks, far above 10 % alcohol. */
  SPIRITS: ['2208'],
  /** Wine, vermouth, sake and other fermented drinks: often, not always, 10 % or more. */
  FERMENTED_ALCOHOLIC: ['2204', '2205', '2206'],
  MEAT: ['02', '0504', '1601', '1602'],
  FISHERY: ['03', '1604', '1605'],
  PLANT_PRODUCT: [
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
    '1201',
    '1202',
    '1203',
    '1204',
    '1205',
    '1206',
    '1207',
    '1209',
    '1211',
    '1212',
    '14',
  ],
  FRUIT_FLY_HOST: ['0803', '0804', '0805', '0806', '0807', '0808', '0809', '0810', '0702', '070960', '070993'],
  TRADITIONAL_MEDICINE: ['3003', '3004'],
  FOOD_CONTACT: ['4419', '6911', '6912', '7013', '7323', '7418', '7615', '8215'],
  INFANT_FOOD: ['190110'],
};

/** Words (any language) that give a product a form whatever its HS code. */
export const FORM_WORDS: Readonly<Partial<Record<ProductForm, readonly string[]>>> = {
  PORK: ['pork', 'lard', 'thịt lợn', 'thịt heo', 'mỡ lợn', 'mỡ heo', 'lạp xưởng', 'lạp sườn', '豚', 'ポーク', 'babi', 'khinzir', 'หมู', 'baboy'],
  TRADITIONAL_MEDICINE: ['jamu', 'gamat'],
};

/** Headings of single commodities: with no ingredient statement, the food is its one ingredient. */
const SINGLE_COMMODITY_HS = ['0201', '0202', '0203', '0207', '0302', '0303', '0304', '0306', '0307', '0401', '0407', '0409'];

export interface FormInput {
  hsCode?: string;
  texts: readonly string[];
  ingredients?: readonly string[];
}

const CJK_OR_THAI = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]/u;

/** True when `text` mentions `word`: as a whole word in alphabetic scripts, as a substring in CJK and Thai. */
export function mentions(text: string, word: string): boolean {
  const t = text.normalize('NFC').toLowerCase();
  const w = word.normalize('NFC').toLowerCase();
  if (CJK_OR_THAI.test(w)) return t.includes(w);
  const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${escaped}(?![\\p{L}\\p{M}\\p{N}])`, 'u').test(t);
}

/**
 * The statement without its parenthesized parts (`(…)`, `（…）`): from each opening parenthesis to
 * the first closing one after it, as `/[（(][^）)]*[）)]/g` removed them, in linear time (that pattern
 * rescans to the end from every unclosed parenthesis: quadratic in a statement of `(((…`).
 */
function withoutParentheses(statement: string): string {
  const isOpen = (c: string | undefined) => c === '(' || c === '（';
  const isClose = (c: string | undefined) => c === ')' || c === '）';
  // nextClose[i]: the first closing parenthesis at or after i (statement.length when there is none)
  const nextClose = new Array<number>(statement.length + 1);
  nextClose[statement.length] = statement.length;
  for (let i = statement.length - 1; i >= 0; i--) nextClose[i] = isClose(statement[i]) ? i : nextClose[i + 1]!;
  let out = '';
  let i = 0;
  while (i < statement.length) {
    const close = isOpen(statement[i]) ? nextClose[i + 1]! : statement.length;
    if (close < statement.length) i = close + 1;
    else out += statement[i++];
  }
  return out;
}

/** The ingredient items of a statement: split on commas, Japanese and full-width separators and semicolons. */
export function ingredientItems(statement: string): string[] {
  return withoutParentheses(statement)
    .split(/[,、，;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every form the product has. */
export function productForms(input: FormInput): Set<ProductForm> {
  const forms = new Set<ProductForm>();
  const hs = input.hsCode ?? '';
  for (const form of PRODUCT_FORMS) {
    if (hs && FORM_HS[form]?.some((p) => hs.startsWith(p))) forms.add(form);
    if (FORM_WORDS[form]?.some((w) => input.texts.some((t) => mentions(t, w)))) forms.add(form);
  }
  if (forms.has('MEAT') && !forms.has('PORK')) forms.add('HALAL_SLAUGHTER_MEAT');
  if (forms.has('PORK')) forms.add('MEAT');
  const statements = input.ingredients ?? [];
  const single =
    statements.length > 0
      ? statements.every((s) => ingredientItems(s).length === 1)
      : !!hs && (forms.has('PLANT_PRODUCT') || SINGLE_COMMODITY_HS.some((p) => hs.startsWith(p)));
  if (single) forms.add('SINGLE_INGREDIENT');
  return forms;
}

/** The allergen codes whose words (labels and synonyms, any language) an ingredient statement mentions. */
export function mentionedAllergens(statements: readonly string[], codes: readonly string[]): string[] {
  return codes.filter((code) => {
    const entry = ALLERGENS[code];
    if (!entry) return false;
    const { synonyms = [], ...labels } = entry;
    const words = [...Object.values(labels), ...synonyms].filter((w): w is string => typeof w === 'string' && (w.length > 1 || CJK_OR_THAI.test(w)));
    return statements.some((s) => words.some((w) => mentions(s, w)));
  });
}
