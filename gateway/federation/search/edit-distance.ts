/**
 * The edits a query word may be away from a dictionary word and still match it, as Lucene's
 * "AUTO" fuzziness allows: none below 5 letters, 1 from 5, 2 from 9. Counted in code points.
 */
export function allowedEdits(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** The three rows `boundedDistance` works in, reused by every call (it is synchronous): no garbage per candidate. */
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and transpositions of
 * neighbours each count 1) between two code-point arrays, or `max + 1` as soon as it must exceed
 * `max`: a bounded check, cheap for the few candidates of a length bucket.
 */
export function boundedDistance(a: readonly number[], b: readonly number[], max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (rows[0]!.length <= m) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(2 * (m + 1));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[m]!;
}

/** A word as code points, for `boundedDistance`. */
export function codePoints(word: string): number[] {
  const points: number[] = [];
  for (const ch of word) points.push(ch.codePointAt(0)!);
  return points;
}
