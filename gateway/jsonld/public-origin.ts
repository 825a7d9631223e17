/**
 * The origin every absolute URL in an answer is written with (JSON-LD `@id` and `@context`, the
 * sitemap, page links, the onboarding form's origin check). PUBLIC_URL when it is set: a request's
 * Host, X-Forwarded-Host or Forwarded then reach no answer at all. Unset, the request's own origin,
 * which is then part of every cache key an answer built from it is kept under ({@link key}), so
 * that one client's Host reaches no answer given to a request naming another (docs/contract.md).
 */
export class PublicOrigin {
  #warned = false;

  /** `onRequestOrigin` hears the first time an answer is built from a request's origin (to warn once). */
  constructor(
    readonly publicUrl: string | undefined,
    private readonly onRequestOrigin?: (origin: string) => void,
  ) {}

  /** True when PUBLIC_URL fixes the origin. */
  get fixed(): boolean {
    return this.publicUrl !== undefined;
  }

  /** The origin to write absolute URLs with, for a request to `requestUrl`. */
  of(requestUrl: string): string {
    if (this.publicUrl !== undefined) return this.publicUrl;
    const origin = originOf(requestUrl);
    if (!this.#warned) {
      this.#warned = true;
      this.onRequestOrigin?.(origin);
    }
    return origin;
  }

  #lastUrl = '';
  #lastOrigin = '';

  /** What the origin contributes to a cache key: nothing once it is fixed, else the request's origin. */
  key(requestUrl: string): string {
    if (this.publicUrl !== undefined) return '';
    // Asked on every answer the response cache looks up: the same URL again is not cut again.
    if (requestUrl !== this.#lastUrl) {
      this.#lastUrl = requestUrl;
      this.#lastOrigin = originOf(requestUrl);
    }
    return this.#lastOrigin;
  }
}

/** The origin of an absolute URL, without parsing it (scheme, `//`, authority). */
function originOf(url: string): string {
  const end = url.indexOf('/', url.indexOf('//') + 2);
  return end === -1 ? url : url.slice(0, end);
}
