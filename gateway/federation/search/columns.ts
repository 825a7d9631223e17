import type { CanonicalProduct } from '../../../schemas/product';
import { PackedStringsBuilder, type PackedStrings } from '../storage/packed-strings';

/** The rating column's value for a product without a programme rating. */
export const NO_RATING = -0x80000000;

/** A price as the catalogue states it: the exact decimal amount and its currency. */
export interface PriceKey {
  currency: string;
  amount: string;
}

/**
 * Distinct prices without an object each: price p is currencies[currency[p]] and the decimal
 * text.slice(start[p], start[p + 1]), exactly as written. Price 0 is none.
 */
export interface PriceTable {
  currencies: string[];
  currency: Uint16Array;
  text: string;
  start: Uint32Array;
}

/** Price `id` of a table, as the catalogue wrote it. */
export function priceAt(table: PriceTable, id: number): PriceKey {
  return { currency: table.currencies[table.currency[id]!]!, amount: table.text.slice(table.start[id], table.start[id + 1]) };
}

/** Numbers distinct prices as they are added (0 stays none); `finish` packs them into a table. */
class PriceNumbering {
  private readonly ids = new Map<string, number>();
  private readonly currencies = new Dictionary();
  private readonly currency: number[] = [0];
  private readonly amounts: string[] = [''];

  id(currency: string, amount: string): number {
    const key = `${currency} ${amount}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      this.ids.set(key, (id = this.amounts.length));
      this.currency.push(this.currencies.id(currency));
      this.amounts.push(amount);
    }
    return id;
  }

  finish(): PriceTable {
    const start = new Uint32Array(this.amounts.length + 1);
    let at = 0;
    this.amounts.forEach((amount, id) => {
      start[id] = at;
      at += amount.length;
    });
    start[this.amounts.length] = at;
    return { currencies: this.currencies.codes, currency: Uint16Array.from(this.currency), text: this.amounts.join(''), start };
  }
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
  /** Distinct prices and each doc's (0 for none). */
  prices: PriceTable;
  price: Uint32Array;
  /** GTINs as numbers (14 digits fit a double exactly); NaN for none. */
  gtin: Float64Array;
  names: NameColumns;
}

/**
 * Every product's names, one packed list per language (UTF-8, outside the JS heap): the name of
 * doc d in language l is text[l].at(d) (empty when it has none). Enough to build any language's
 * name order without reading the documents.
 */
export interface NameColumns {
  languages: string[];
  text: PackedStrings[];
  /** Each doc's own language and the language of its first name, as numbers in `languages`. */
  own: Uint16Array;
  first: Uint16Array;
}

/**
 * Numbers pushed one at a time into a Float64Array that doubles when full (every column's values,
 * codes, ratings and GTINs alike, are exact in a double): what a harvest's builder holds per product.
 */
class GrowingColumn {
  private values: Float64Array;
  length = 0;

  constructor(initial: readonly number[] = []) {
    this.values = new Float64Array(Math.max(1024, initial.length));
    for (const value of initial) this.push(value);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }

  at(i: number): number {
    return this.values[i]!;
  }
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
  private readonly prices = new PriceNumbering();
  private readonly languages = new Dictionary();
  /** One entry per product added, in typed arrays that grow (outside the JS heap, no object per product). */
  private readonly economy = new GrowingColumn();
  private readonly category = new GrowingColumn();
  private readonly rating = new GrowingColumn();
  private readonly price = new GrowingColumn();
  private readonly gtin = new GrowingColumn();
  private readonly own = new GrowingColumn();
  private readonly first = new GrowingColumn();
  /** Scheme numbers of product n: schemeList[schemeStart[n] .. schemeStart[n + 1]). */
  private readonly schemeStart = new GrowingColumn([0]);
  private readonly schemeList = new GrowingColumn();
  /** Each language's names in the order added ('' for a product without one), packed as they come. */
  private readonly names: PackedStringsBuilder[] = [];

  get size(): number {
    return this.economy.length;
  }

  /** Adds the next product (its number is the count added before it). */
  add(product: CanonicalProduct): void {
    const doc = this.economy.length;
    let first = 0;
    for (const [lang, value] of Object.entries(product.name ?? {})) {
      const id = this.languages.id(lang);
      first ||= id;
      const names = (this.names[id] ??= new PackedStringsBuilder());
      while (names.length < doc) names.add('');
      if (names.length === doc) names.add(value);
    }
    this.economy.push(this.economies.id(product.economy));
    this.category.push(this.categories.id(product.category));
    this.rating.push(product.rating ? product.rating.value : NO_RATING);
    this.price.push(product.price ? this.prices.id(product.price.currency, product.price.amount) : 0);
    this.gtin.push(product.gtin ? Number(product.gtin) : Number.NaN);
    this.own.push(this.languages.id(product.language));
    this.first.push(first);
    for (const c of product.certifications ?? []) this.schemeList.push(this.schemes.id(c.scheme));
    this.schemeStart.push(this.schemeList.length);
  }

  /** The columns, doc d of the result being the product added as number order[d] (insertion order by default). */
  finish(order?: ArrayLike<number>): ProductColumns {
    const size = this.economy.length;
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
      prices: this.prices.finish(),
      price: new Uint32Array(size),
      gtin: new Float64Array(size),
      names: { languages: this.languages.codes, text: [], own: new Uint16Array(size), first: new Uint16Array(size) },
    };
    for (let d = 0; d < size; d++) {
      const n = order ? order[d]! : d;
      columns.economy[d] = this.economy.at(n);
      columns.category[d] = this.category.at(n);
      columns.rating[d] = this.rating.at(n);
      for (let i = this.schemeStart.at(n); i < this.schemeStart.at(n + 1); i++) {
        const s = this.schemeList.at(i);
        columns.schemeBits[d * schemeWords + (s >> 5)]! |= 1 << (s & 31);
      }
      columns.price[d] = this.price.at(n);
      columns.gtin[d] = this.gtin.at(n);
      columns.names.own[d] = this.own.at(n);
      columns.names.first[d] = this.first.at(n);
    }
    this.languages.codes.forEach((_, lang) => {
      const names = (this.names[lang] ??= new PackedStringsBuilder());
      while (names.length < size) names.add('');
      columns.names.text[lang] = names.finish(order);
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
  const text = names.text[lang];
  return !text || text.isEmpty(doc) ? undefined : text.at(doc);
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
  const prices = mergePrices(parts.map((part) => part.prices));
  const remap = (codes: readonly string[], into: Dictionary) => Uint32Array.from(codes, (code) => into.id(code));
  const maps = parts.map((part, p) => ({
    economy: remap(part.economies, economies),
    category: remap(part.categories, categories),
    scheme: remap(part.schemes, schemes),
    price: prices.maps[p]!,
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
    prices: prices.table,
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

/**
 * The parts' price tables as one, a price two parts share kept once, and each part's price ids in
 * it. A part none of whose currencies an earlier part priced (each economy mostly prices in its
 * own) is appended whole, its text as it is; only a part that shares a currency is numbered price
 * by price, by text: what a shard's load spent most of its merge on (docs/performance.md).
 */
export function mergePrices(tables: readonly PriceTable[]): { table: PriceTable; maps: Uint32Array[] } {
  const currencies = new Dictionary();
  const currency: number[] = [0];
  const starts: number[] = [0];
  const texts: string[] = [];
  let length = 0;
  // Every price so far by its currency and text, built once a part shares a currency with an earlier one.
  let keys: Map<string, number> | undefined;
  const priced = new Set<string>();
  const add = (code: string, amount: string) => {
    const id = currency.length;
    currency.push(currencies.id(code));
    starts.push(length);
    texts.push(amount);
    length += amount.length;
    keys?.set(`${code} ${amount}`, id);
    return id;
  };
  const maps = tables.map((table) => {
    const count = table.currency.length;
    const map = new Uint32Array(count);
    const used = table.currencies.filter((code) => code !== '');
    if (!keys && !used.some((code) => priced.has(code))) {
      const ids = Uint16Array.from(table.currencies, (code) => currencies.id(code));
      const from = table.start[1] ?? 0;
      const to = table.start[count] ?? from;
      for (let i = 1; i < count; i++) {
        map[i] = currency.length;
        currency.push(ids[table.currency[i]!]!);
        starts.push(length + table.start[i]! - from);
      }
      texts.push(table.text.slice(from, to));
      length += to - from;
    } else {
      if (!keys) {
        const text = texts.join('');
        keys = new Map();
        for (let id = 1; id < currency.length; id++) keys.set(`${currencies.codes[currency[id]!]} ${text.slice(starts[id], starts[id + 1] ?? length)}`, id);
      }
      for (let i = 1; i < count; i++) {
        const { currency: code, amount } = priceAt(table, i);
        map[i] = keys.get(`${code} ${amount}`) ?? add(code, amount);
      }
    }
    for (const code of used) priced.add(code);
    return map;
  });
  starts.push(length);
  return { table: { currencies: currencies.codes, currency: Uint16Array.from(currency), text: texts.join(''), start: Uint32Array.from(starts) }, maps };
}

/**
 * `mergeColumns` undone for one part: its documents' columns in its own numbering (doc d of the
 * part is doc toGlobal[d] of the merged), with the merged dictionaries and a price table of the
 * prices it uses only (so that a merge appends it whole when no other part prices in its
 * currencies). What a catalogue shard rebuilds its index from when a slice's own columns were let go
 * and the index before still holds them: no slice read again.
 */
export function splitColumns(merged: CodeColumns, toGlobal: Int32Array): CodeColumns {
  const size = toGlobal.length;
  const { schemeWords } = merged;
  const part: CodeColumns = {
    size,
    economies: merged.economies,
    economy: new Uint16Array(size),
    categories: merged.categories,
    category: new Uint16Array(size),
    rating: new Int32Array(size),
    schemes: merged.schemes,
    schemeWords,
    schemeBits: new Uint32Array(size * schemeWords),
    prices: merged.prices,
    price: new Uint32Array(size),
    gtin: new Float64Array(size),
  };
  // The part's prices, numbered from 1 in the order its documents first use them (0 stays none).
  const local = new Map<number, number>();
  const used: number[] = [0];
  for (let d = 0; d < size; d++) {
    const g = toGlobal[d]!;
    part.economy[d] = merged.economy[g]!;
    part.category[d] = merged.category[g]!;
    part.rating[d] = merged.rating[g]!;
    for (let w = 0; w < schemeWords; w++) part.schemeBits[d * schemeWords + w] = merged.schemeBits[g * schemeWords + w]!;
    part.gtin[d] = merged.gtin[g]!;
    const price = merged.price[g]!;
    let id = price === 0 ? 0 : local.get(price);
    if (id === undefined) local.set(price, (id = used.push(price) - 1));
    part.price[d] = id;
  }
  const currencies = new Dictionary();
  const start = new Uint32Array(used.length + 1);
  const amounts: string[] = [];
  let at = 0;
  const currency = Uint16Array.from(used, (g, id) => {
    start[id] = at;
    if (id === 0) return 0;
    const { currency: code, amount } = priceAt(merged.prices, g);
    amounts.push(amount);
    at += amount.length;
    return currencies.id(code);
  });
  start[used.length] = at;
  part.prices = { currencies: currencies.codes, currency, text: amounts.join(''), start };
  return part;
}
