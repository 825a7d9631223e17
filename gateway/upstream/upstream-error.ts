/** What went wrong with an outbound request, in words fit for public text. */
export type UpstreamFailure = 'refused' | 'timeout' | 'too-large' | 'redirects' | 'network' | 'circuit-open';

/**
 * An outbound request that failed. `message` is public: it says what failed ("timed out after
 * 5 s", "body exceeded 32 MiB", "address not allowed") and never names a URL, host or address, so
 * it may reach `Connector.lastError`, `/readyz` and reports. `detail` is for the logs only.
 */
export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** A duration as people read it: `800 ms`, `5 s`, `1.5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** A size as people read it: `32 MiB`, `512 KiB`, `1000 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}

/** A URL fit for a log line: origin and path, no credentials, no query string (it may hold a key). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    // Only ever used to write a log line: an unparsable URL is said so, never echoed (it may hold a key).
    return '(invalid url)';
  }
}
