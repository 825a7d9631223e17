import type { CanonicalProduct } from '../../schemas/product';

/** The rating column's value for a product without a programme rating. */
export const NO_RATING = -0x80000000;

/** A price as the catalogue states it: the exact decimal amount and its currency. */
export interface PriceKey {
  currency: string;
  amount: string;
}

/**
 * What filters, sorts and facets read of each product, as typed arrays indexed by document number
 * (codes as their number in a dictionary, 0 for none), so that selecting a page never touches a
 * product record. Prices stay exact: each distinct (currency, amount) is kept once, as strings.
 */
export interface ProductColumns {
  size: number;
  economies: string[];
  economy: Uint16Array;
  categories: string[];
  category: Uint16Array;
  /** The programme rating's value, NO_RATING when there is none. */
  rating: Int32Array;
  /** Certification schemes as bit flags: scheme s of doc d is bit s % 32 of schemeBits[d * schemeWords + (s >> 5)]. */
  schemes: string[];
  schemeWords: number;
  schemeBits: Uint32Array;
  /** Distinct prices (index 0 unused) and each doc's (0 for none). */
  prices: PriceKey[];
  price: Uint32Array;
  /** GTINs as numbers (14 digits fit a double exactly); NaN for none. */
  gtin: Float64Array;
  names: NameColumns;
}

/**
 * Every product's names, one joined text per language: the name of doc d in language l is
 * text[l].slice(start[l][d], start[l][d + 1]) (empty when it has none). Enough to build any
 * language's name order without reading the documents.
 */
export interface NameColumns {
  languages: string[];
  text: string[];
  start: Uint32Array[];
  /** Each doc's own language and the language of its first name, as numbers in `languages`. */
  own: Uint16Array;
  first: Uint16Array;
}

/** A growing list of codes, each with its number (0 is none). */
class Dictionary {
  readonly codes: string[] = [''];
  private readonly ids = new Map<string, number>();

  id(code: string | undefined): number {
    if (!code) return 0;
    let id = this.ids.get(code);
    if (id === undefined) this.ids.set(code, (id = this.codes.push(code) - 1));
    return id;
  }
}

/**
 * Collects the columns of products added one at a time, in any order; `finish` lays them out in
 * the order asked (a snapshot's documents are numbered in id order). Holds small numbers and the
 * name strings only, never the records.
 */
export class ColumnsBuilder {
  private readonly economies = new Dictionary();
  private readonly categories = new Dictionary();
  private readonly schemes = new Dictionary();
  private readonly priceIds = new Dictionary();
  private readonly prices: PriceKey[] = [{ currency: '', amount: '' }];
  private readonly languages = new Dictionary();
  private readonly rows: Array<{
    economy: number;
    category: number;
    rating: number;
    schemes: number[];
    price: number;
    gtin: number;
    own: number;
    first: number;
  }> = [];
  private readonly names: string[][] = [[]];

  get size(): number {
    return this.rows.length;
  }

  /** Adds the next product (its number is the count added before it). */
  add(product: CanonicalProduct): void {
    const doc = this.rows.length;
    let price = 0;
    if (product.price) {
      const key = `${product.price.currency} ${product.price.amount}`;
      price = this.priceIds.id(key);
      if (price === this.prices.length) this.prices.push({ currency: product.price.currency, amount: product.price.amount });
    }
    const name = product.name ?? {};
    let first = 0;
    for (const [lang, value] of Object.entries(name)) {
      const id = this.languages.id(lang);
      first ||= id;
      (this.names[id] ??= [])[doc] = value;
    }
    this.rows.push({
      economy: this.economies.id(product.economy),
      category: this.categories.id(product.category),
      rating: product.rating ? product.rating.value : NO_RATING,
      schemes: (product.certifications ?? []).map((c) => this.schemes.id(c.scheme)),
      price,
      gtin: product.gtin ? Number(product.gtin) : Number.NaN,
      own: this.languages.id(product.language),
      first,
    });
  }

  /** The columns, doc d of the result being the product added as number order[d] (insertion order by default). */
  finish(order?: ArrayLike<number>): ProductColumns {
    const size = this.rows.length;
    const at = (d: number) => this.rows[order ? order[d]! : d]!;
    const schemeWords = Math.max(1, Math.ceil(this.schemes.codes.length / 32));
    const columns: ProductColumns = {
      size,
      economies: this.economies.codes,
      economy: new Uint16Array(size),
      categories: this.categories.codes,
      category: new Uint16Array(size),
      rating: new Int32Array(size),
      schemes: this.schemes.codes,
      schemeWords,
      schemeBits: new Uint32Array(size * schemeWords),
      prices: this.prices,
      price: new Uint32Array(size),
      gtin: new Float64Array(size),
      names: { languages: this.languages.codes, text: [], start: [], own: new Uint16Array(size), first: new Uint16Array(size) },
    };
    for (let d = 0; d < size; d++) {
      const row = at(d);
      columns.economy[d] = row.economy;
      columns.category[d] = row.category;
      columns.rating[d] = row.rating;
      for (const s of row.schemes) columns.schemeBits[d * schemeWords + (s >> 5)]! |= 1 << (s & 31);
      columns.price[d] = row.price;
      columns.gtin[d] = row.gtin;
      columns.names.own[d] = row.own;
      columns.names.first[d] = row.first;
    }
    this.languages.codes.forEach((_, lang) => {
      const values = this.names[lang] ?? [];
      const start = new Uint32Array(size + 1);
      const parts: string[] = [];
      let length = 0;
      for (let d = 0; d < size; d++) {
        start[d] = length;
        const value = values[order ? order[d]! : d];
        if (value !== undefined) {
          parts.push(value);
          length += value.length;
        }
      }
      start[size] = length;
      columns.names.text[lang] = parts.join('');
      columns.names.start[lang] = start;
    });
    return columns;
  }
}

/** The columns of a list of products, numbered in list order. */
export function columnsOf(products: Iterable<CanonicalProduct>): ProductColumns {
  const builder = new ColumnsBuilder();
  for (const product of products) builder.add(product);
  return builder.finish();
}

/** The name of `doc` in language number `lang`, undefined when it has none. */
export function nameAt(names: NameColumns, lang: number, doc: number): string | undefined {
  const start = names.start[lang];
  if (!start || start[doc] === start[doc + 1]) return undefined;
  return names.text[lang]!.slice(start[doc], start[doc + 1]);
}

/** True when `doc` carries certification scheme number `scheme`. */
export function hasScheme(columns: CodeColumns, doc: number, scheme: number): boolean {
  return ((columns.schemeBits[doc * columns.schemeWords + (scheme >> 5)]! >>> (scheme & 31)) & 1) === 1;
}

/** Columns without the names: what a merged index holds (names are read from each part). */
export type CodeColumns = Omit<ProductColumns, 'names'>;

/**
 * One column set over several, doc g of the result being doc localOf[g] of part partOf[g]: how a
 * merged index numbers every snapshot's documents. Codes are renumbered into shared dictionaries;
 * names stay with their parts.
 */
export function mergeColumns(parts: readonly CodeColumns[], partOf: Uint16Array, localOf: Int32Array): CodeColumns {
  const size = partOf.length;
  const economies = new Dictionary();
  const categories = new Dictionary();
  const schemes = new Dictionary();
  const priceIds = new Dictionary();
  const prices: PriceKey[] = [{ currency: '', amount: '' }];
  const remap = (codes: readonly string[], into: Dictionary) => Uint32Array.from(codes, (code) => into.id(code));
  const maps = parts.map((part) => ({
    economy: remap(part.economies, economies),
    category: remap(part.categories, categories),
    scheme: remap(part.schemes, schemes),
    price: Uint32Array.from(part.prices, (p, i) => {
      if (i === 0) return 0;
      const id = priceIds.id(`${p.currency} ${p.amount}`);
      if (id === prices.length) prices.push(p);
      return id;
    }),
  }));
  const schemeWords = Math.max(1, Math.ceil(schemes.codes.length / 32));
  const merged: CodeColumns = {
    size,
    economies: economies.codes,
    economy: new Uint16Array(size),
    categories: categories.codes,
    category: new Uint16Array(size),
    rating: new Int32Array(size),
    schemes: schemes.codes,
    schemeWords,
    schemeBits: new Uint32Array(size * schemeWords),
    prices,
    price: new Uint32Array(size),
    gtin: new Float64Array(size),
  };
  for (let g = 0; g < size; g++) {
    const p = partOf[g]!;
    const d = localOf[g]!;
    const part = parts[p]!;
    const map = maps[p]!;
    merged.economy[g] = map.economy[part.economy[d]!]!;
    merged.category[g] = map.category[part.category[d]!]!;
    merged.rating[g] = part.rating[d]!;
    for (let s = 1; s < part.schemes.length; s++) {
      if (hasScheme(part, d, s)) {
        const id = map.scheme[s]!;
        merged.schemeBits[g * schemeWords + (id >> 5)]! |= 1 << (id & 31);
      }
    }
    merged.price[g] = map.price[part.price[d]!]!;
    merged.gtin[g] = part.gtin[d]!;
  }
  return merged;
}
