/**
 * What one harvest may read and keep, whatever its source sends: a catalogue over a cap is
 * truncated (what was read before it is served, and the harvest says why), never held whole.
 */
export interface HarvestCaps {
  /** Records read from the source, accepted or not. @default 1_000_000 */
  records: number;
  /** Bytes fetched over all pages (each page is capped apart by the upstream pipeline, 32 MiB). @default 256 MiB */
  bytes: number;
  /** Records quarantined: a source that is mostly broken stops here. @default 100_000 */
  quarantined: number;
  /** Issues kept to report (the counts stay exact); the records themselves are never kept. @default 500 */
  keptIssues: number;
}

/**
 * The caps every harvest runs under. A national programme lists thousands of products (Vietnam's
 * OCOP, the largest, about 10,000 in 2023), so a million records is a hundredfold headroom, and the
 * benchmark's largest scale (a million products over six catalogues) stays well inside them.
 */
export const HARVEST_CAPS: Readonly<HarvestCaps> = Object.freeze({
  records: 1_000_000,
  bytes: 256 * 1024 * 1024,
  quarantined: 100_000,
  keptIssues: 500,
});

/** Longest issue message kept, in characters: a message quotes the value it found, clipped here. */
export const MAX_ISSUE_CHARS = 300;

/** Longest record id kept beside an issue, in characters (a usable local id has at most 64). */
export const MAX_ISSUE_RECORD_CHARS = 80;

/**
 * `text` cut to at most `max` UTF-16 units with an ellipsis, never inside a surrogate pair: what an
 * issue quotes of a value found in a record.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const unit = text.charCodeAt(end - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
