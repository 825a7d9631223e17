/** Exact decimal arithmetic on strings, through BigInt: money is never a float. */

/** A decimal as an integer and a power-of-ten scale: value = units / 10^scale. */
export interface Scaled {
  units: bigint;
  scale: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** True when `text` is a plain decimal (`12`, `12.50`, `-0.5`). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** Parses a decimal string exactly; throws on anything else. */
export function toScaled(text: string): Scaled {
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a decimal`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2]}${fraction}`);
  return { units: m[1] ? -units : units, scale: fraction.length };
}

/** Writes a scaled value with exactly `scale` decimals. */
export function fromScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** n / d rounded half-to-even to an integer (d > 0). */
function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** A positive exact ratio of two decimals: numerator / denominator. */
export interface Ratio {
  numerator: Scaled;
  denominator: Scaled;
}

/**
 * `value × ratio`, rounded half-to-even to `decimals` places: exact up to that single rounding.
 */
export function multiplyRatio(value: string, ratio: Ratio, decimals: number): string {
  const v = toScaled(value);
  const { numerator: a, denominator: b } = ratio;
  // value × a / b = (v.units × a.units × 10^b.scale) / (b.units × 10^(v.scale + a.scale))
  const n = v.units * a.units * 10n ** BigInt(b.scale + decimals);
  const d = b.units * 10n ** BigInt(v.scale + a.scale);
  return fromScaled({ units: divideHalfEven(n, d), scale: decimals });
}

/** A decimal rounded half-to-even to exactly `decimals` places. */
export function roundDecimal(value: string, decimals: number): string {
  const v = toScaled(value);
  if (v.scale <= decimals) return fromScaled({ units: v.units * 10n ** BigInt(decimals - v.scale), scale: decimals });
  return fromScaled({ units: divideHalfEven(v.units, 10n ** BigInt(v.scale - decimals)), scale: decimals });
}

/** A ratio written as a decimal with `significant` significant digits (for display). */
export function ratioToString(ratio: Ratio, significant = 12): string {
  const exact = multiplyRatio('1', ratio, 30);
  const [int = '0', frac = ''] = exact.split('.');
  const lead = int !== '0' ? int.length : -frac.match(/^0*/)![0].length;
  const decimals = Math.max(0, significant - lead);
  return trimZeros(multiplyRatio('1', ratio, Math.min(decimals, 30)));
}

/** `12.500` → `12.5`, `12.000` → `12`. */
export function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Compares two decimals exactly: negative, zero or positive. */
export function compareDecimal(a: string, b: string): number {
  const x = toScaled(a);
  const y = toScaled(b);
  const l = x.units * 10n ** BigInt(y.scale);
  const r = y.units * 10n ** BigInt(x.scale);
  return l < r ? -1 : l > r ? 1 : 0;
}
