/** WEBHOOK_RETRY_SCHEDULE's default: the delays between attempts after a failure. */
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';
/** The longest Retry-After a receiver can ask for. */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;
/** Each delay is moved at random by up to this share, either way. */
export const JITTER = 0.2;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/**
 * Parses a retry schedule (`5s,5m,30m,2h`): comma-separated delays, each a whole number with a
 * unit (ms, s, m, h, d); at most 50 of them, each at most 7 days. Anything else throws, naming the
 * bad entry (the gateway refuses to start on it).
 */
export function parseRetrySchedule(text: string = DEFAULT_RETRY_SCHEDULE): number[] {
  if (text.length > 1000) throw new Error('WEBHOOK_RETRY_SCHEDULE is too long');
  const delays = text.split(',').map((part) => {
    const match = /^\s*(\d{1,9})\s*(ms|s|m|h|d)\s*$/.exec(part);
    if (!match) throw new Error(`WEBHOOK_RETRY_SCHEDULE: "${part.trim()}" is not a delay like 5s, 5m, 2h`);
    const ms = Number(match[1]) * UNITS[match[2]!]!;
    if (ms > 7 * 86_400_000) throw new Error(`WEBHOOK_RETRY_SCHEDULE: "${part.trim()}" is longer than 7 days`);
    return ms;
  });
  if (delays.length > 50) throw new Error('WEBHOOK_RETRY_SCHEDULE has more than 50 delays');
  return delays;
}

/** A delay moved at random within ±20 %: `random` answers in [0, 1) (Math.random by default). */
export function jittered(delayMs: number, random: () => number = Math.random): number {
  return Math.round(delayMs * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * The wait before the next attempt after `failures` failed attempts in a row (1 after the first),
 * or null when the schedule is exhausted. A Retry-After the receiver sent (seconds or an HTTP date)
 * wins over the schedule, capped at 24 h; the schedule still decides when attempts run out.
 */
export function nextRetryDelay(options: {
  schedule: readonly number[];
  failures: number;
  retryAfter?: string | null;
  now: number;
  random?: () => number;
}): number | null {
  const planned = options.schedule[options.failures - 1];
  if (planned === undefined) return null;
  const asked = parseRetryAfter(options.retryAfter ?? null, options.now);
  if (asked !== undefined) return Math.min(asked, MAX_RETRY_AFTER_MS);
  return jittered(planned, options.random);
}

/** Retry-After in milliseconds from delay-seconds or an HTTP date (never negative); undefined when absent or malformed. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (text.length > 64) return undefined;
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
