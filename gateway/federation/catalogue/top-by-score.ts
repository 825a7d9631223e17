/** Matches and their scores, side by side (`scores[i]` is `docs[i]`'s), in any order of documents. */
export interface ScoredDocs {
  docs: ArrayLike<number>;
  scores: ArrayLike<number>;
}

/**
 * Every match by score, best first, ties by document number. A search has few distinct scores (field
 * weights times match factors), so this is a counting sort over them: each score read once, its
 * bucket found among the distinct scores, each document placed stably in its bucket; when the
 * documents did not come ascending, each bucket is then sorted natively. No comparator runs per
 * pair. What a page deep in a large result, or a small result kept whole, is read from.
 */
export function byScore(matches: ScoredDocs): Int32Array {
  const { docs, scores } = matches;
  const n = docs.length;
  const buckets = new Int32Array(n);
  const tally = new ScoreTally();
  for (let i = 0; i < n; i++) buckets[i] = tally.add(scores[i]!);
  const starts = new Int32Array(tally.distinct.length);
  const ends = new Int32Array(tally.distinct.length);
  let at = 0;
  for (const b of tally.bestFirst()) {
    starts[b] = ends[b] = at;
    at += tally.counts[b]!;
  }
  const ordered = new Int32Array(n);
  for (let i = 0; i < n; i++) ordered[ends[buckets[i]!]!++] = docs[i]!;
  if (!ascending(docs)) for (let b = 0; b < starts.length; b++) ordered.subarray(starts[b]!, ends[b]!).sort();
  return ordered;
}

/**
 * The matches at positions [from, from + count) of `byScore`'s order, without ordering the rest:
 * one pass counts each distinct score, which says the scores the page's documents have and how
 * many of each come before it; a second keeps, for each of those scores, the least documents it
 * needs in a max-heap of at most `from + count`. A broad word's first page out of 250,000 matches
 * reads each score twice and sorts a page. Callers read a deep page from `byScore` instead: the
 * heaps grow with the position.
 */
export function topByScore(matches: ScoredDocs, from: number, count: number): number[] {
  const { docs, scores } = matches;
  const n = docs.length;
  const end = Math.min(n, from + count);
  if (from >= end) return [];
  const tally = new ScoreTally();
  for (let i = 0; i < n; i++) tally.add(scores[i]!);
  // The scores on the page, best first: how many of each are before the page and on it.
  const wanted: Array<{ score: number; skip: number; heap: LeastDocs }> = [];
  let at = 0;
  for (const b of tally.bestFirst()) {
    const size = tally.counts[b]!;
    if (at + size > from) wanted.push({ score: tally.distinct[b]!, skip: Math.max(0, from - at), heap: new LeastDocs(Math.min(at + size, end) - at) });
    at += size;
    if (at >= end) break;
  }
  const high = wanted[0]!.score;
  const low = wanted[wanted.length - 1]!.score;
  for (let i = 0; i < n; i++) {
    const score = scores[i]!;
    if (score > high || score < low) continue;
    for (const w of wanted) {
      if (w.score !== score) continue;
      w.heap.offer(docs[i]!);
      break;
    }
  }
  const page: number[] = [];
  for (const w of wanted) {
    const least = w.heap.sorted();
    for (let k = w.skip; k < least.length; k++) page.push(least[k]!);
  }
  return page;
}

/** Distinct scores looked for by a scan before a map (a search has a handful: field weights times match factors). */
const FEW_SCORES = 8;

/** The distinct scores of a result, in the order first met, and how many documents have each. */
class ScoreTally {
  readonly distinct: number[] = [];
  counts = new Int32Array(16);
  /** Past a few distinct scores, a map finds a score's bucket; below, a short scan does (no hashing of doubles). */
  private readonly bucketOf = new Map<number, number>();
  private last = Number.NaN;
  private lastBucket = -1;

  /** Counts one document of `score`; answers its bucket. */
  add(score: number): number {
    if (score === this.last) {
      this.counts[this.lastBucket]!++;
      return this.lastBucket;
    }
    const { distinct } = this;
    const scan = Math.min(distinct.length, FEW_SCORES);
    let b = 0;
    while (b < scan && distinct[b] !== score) b++;
    if (b === scan) b = distinct.length > FEW_SCORES ? (this.bucketOf.get(score) ?? distinct.length) : scan;
    if (b === distinct.length) {
      distinct.push(score);
      this.bucketOf.set(score, b);
      if (b === this.counts.length) {
        const more = new Int32Array(this.counts.length * 2);
        more.set(this.counts);
        this.counts = more;
      }
    }
    this.counts[b]!++;
    this.last = score;
    this.lastBucket = b;
    return b;
  }

  /** The buckets, best score first. */
  bestFirst(): number[] {
    return this.distinct.map((_, b) => b).sort((x, y) => this.distinct[y]! - this.distinct[x]!);
  }
}

/** The least `capacity` documents offered: a max-heap, so a document above them all costs one comparison. */
class LeastDocs {
  private readonly heap: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
  }

  offer(doc: number): void {
    const { heap } = this;
    if (this.size < heap.length) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! >= doc) break;
        heap[i] = heap[parent]!;
        i = parent;
      }
      heap[i] = doc;
      return;
    }
    if (heap.length === 0 || doc >= heap[0]!) return;
    // Replace the greatest and sift it down.
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && heap[right]! > heap[left]! ? right : left;
      if (heap[child]! <= doc) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = doc;
  }

  /** The documents held, ascending. */
  sorted(): Int32Array {
    return this.heap.slice(0, this.size).sort();
  }
}

/** True when `docs` ascend strictly (no sort needed). */
function ascending(docs: ArrayLike<number>): boolean {
  for (let i = 1; i < docs.length; i++) if (docs[i - 1]! >= docs[i]!) return false;
  return true;
}
