/** Statuses that redirect, when they carry a Location. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that may follow a redirect to another origin: nothing secret (no source.headers, Authorization, Cookie). */
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-language', 'user-agent', 'traceparent', 'tracestate']);

/** The next URL of a redirect answer, absolute; undefined when the answer is not a redirect. */
export function redirectTarget(response: Response, from: string): string | undefined {
  const location = response.headers.get('location');
  if (!REDIRECTS.has(response.status) || !location) return undefined;
  try {
    return new URL(location, from).toString();
  } catch {
    // A Location that is no URL is not followed: the 3xx itself is the answer, and the caller sees its status.
    return undefined;
  }
}

/**
 * The headers for the next hop: all of them within the same origin; on a hop to another origin
 * (another scheme, host or port) only the harmless ones, so that an economy's secret headers stay
 * with the origin it gave them for.
 */
export function headersForHop(headers: Headers, from: string, to: string): Headers {
  if (new URL(from).origin === new URL(to).origin) return headers;
  const kept = new Headers();
  for (const [name, value] of headers) if (CROSS_ORIGIN_SAFE.has(name)) kept.set(name, value);
  return kept;
}
