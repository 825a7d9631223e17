import { z } from 'zod';
import { CURRENCIES } from '../../../schemas/currencies';
import { toScaled, type Ratio } from '../decimal';

/**
 * A dated table of reference rates against one pivot currency: `rates[C]` units of C buy one unit
 * of the pivot. Every cross rate goes through the pivot, so an inverse is the exact inverse.
 */
export const RateTable = z.strictObject({
  base: z.string().regex(/^[A-Z]{3}$/),
  asOf: z.iso.date(),
  source: z.string().min(1),
  /** Sources of individual currencies, where they differ from the table's. */
  sources: z.record(z.string(), z.string()).default({}),
  /** Dates of individual currencies, where they differ from the table's. */
  dates: z.record(z.string(), z.iso.date()).default({}),
  rates: z.record(
    z.string().regex(/^[A-Z]{3}$/),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .refine((v) => /[1-9]/.test(v), 'a rate must be positive'),
  ),
});
export type RateTable = z.infer<typeof RateTable>;

export interface CrossRate {
  from: string;
  to: string;
  ratio: Ratio;
  asOf: string;
  source: string;
}

/** Units of `currency` per pivot unit; the pivot itself is 1. */
function perPivot(table: RateTable, currency: string): string | undefined {
  // Own keys only: `constructor` is no currency of any table.
  return currency === table.base ? '1' : Object.hasOwn(table.rates, currency) ? table.rates[currency] : undefined;
}

/**
 * Cross rates already worked out, per table: pairs of currencies the table rates, hence bounded.
 * Keyed by the table object, which is never changed once read (a new feed makes a new table).
 */
const crossRates = new WeakMap<RateTable, Map<string, CrossRate>>();

/**
 * The rate from one currency to another through the pivot; undefined when the table lacks either.
 * Worked out once per table and pair (every request checks its currency against the table), and
 * shared: the rate returned is frozen.
 */
export function crossRate(table: RateTable, from: string, to: string): CrossRate | undefined {
  const a = perPivot(table, from);
  const b = perPivot(table, to);
  if (!a || !b) return undefined;
  let known = crossRates.get(table);
  if (!known) crossRates.set(table, (known = new Map()));
  const key = `${from}>${to}`;
  let rate = known.get(key);
  if (!rate) known.set(key, (rate = Object.freeze(workOut(table, from, to, a, b))));
  return rate;
}

function workOut(table: RateTable, from: string, to: string, a: string, b: string): CrossRate {
  const rated = [from, to].filter((c) => c !== table.base);
  const sources = [...new Set(rated.map((c) => table.sources[c] ?? table.source))];
  const dates = rated.map((c) => table.dates[c] ?? table.asOf).sort();
  return {
    from,
    to,
    ratio: { numerator: toScaled(b), denominator: toScaled(a) },
    asOf: dates[0] ?? table.asOf,
    source: sources.length ? sources.join('; ') : table.source,
  };
}

/** The currencies a table can convert between: its pivot and every currency it rates. */
export function tableCurrencies(table: RateTable): string[] {
  return [table.base, ...Object.keys(table.rates)].filter((c) => CURRENCIES.has(c)).sort();
}
