/** One hop of an outbound request, after the guard: where to send it and through which address. */
export interface OutboundRequest {
  url: string;
  method: string;
  headers: Headers;
  signal: AbortSignal;
  /** The request body (a webhook delivery's); a request with one is never redirected. */
  body?: Uint8Array<ArrayBuffer>;
  /** The addresses the guard checked; the connection must go to one of them and nowhere else (no second resolution). */
  addresses?: string[];
}

/**
 * Sends one hop and answers its response as is: redirects are not followed, the body streams.
 * The runtime-specific piece of the pipeline (Node: a connection pinned to `addresses`).
 */
export type Connect = (request: OutboundRequest) => Promise<Response>;

/**
 * The Web-standard connect: the platform's fetch, redirects left to the pipeline. On Workers there
 * is no DNS API, so the guard checks host names and literal addresses only and `addresses` is unused;
 * Cloudflare's edge reaches no private network of ours.
 */
export const fetchConnect: Connect = ({ url, method, headers, signal, body }) => fetch(url, { method, headers, signal, redirect: 'manual', body });
