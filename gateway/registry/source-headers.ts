/**
 * Headers a manifest's `source.headers` may not set: those that change how a request is framed
 * (Content-Length, Transfer-Encoding, ...) or where it is routed (Host, Forwarded, proxies'
 * X-Forwarded-*). Upstream connections are pooled across connectors, so one economy's Host or
 * framing header could reach another virtual host or desynchronize a shared connection.
 */
const REFUSED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'forwarded',
  'via',
  'x-real-ip',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);
const REFUSED_PREFIXES = ['proxy-', 'x-forwarded-'];

/** True when a manifest may not set this header (case-insensitive). */
export function isRefusedSourceHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return REFUSED.has(lower) || REFUSED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** One issue per refused header in `source.headers`, at its path, saying why (none when all are fine). */
export function sourceHeaderIssues(headers: Readonly<Record<string, string>> | undefined): Array<{ path: string; message: string }> {
  return Object.keys(headers ?? {})
    .filter(isRefusedSourceHeader)
    .map((name) => ({
      path: `source.headers.${name}`,
      message: `${name} may not be set: it changes how the request is framed or where it is routed (the gateway sets Host, Content-Length, Transfer-Encoding, Connection and the like itself)`,
    }));
}
