import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { errorBody } from '../../errors';

export interface BodyRefusalOptions {
  /** Largest request body accepted (the app's own limit). */
  maxBytes: number;
}

/**
 * Refuses large request bodies on Node so that clients read the refusal. `Expect: 100-continue`
 * with a Content-Length over the limit is answered 413 at once, before any body is sent (Node
 * would answer 100 Continue first). A 413 answered while the body is still coming (the app's body
 * limit says `Connection: close`) goes out without closing: closed at once, the unread bytes make
 * the kernel reset the connection and the client sees EPIPE or ECONNRESET instead of the 413. The
 * Node adapter then reads and drops a bounded rest (@hono/node-server: at most 64 MiB and 500 ms,
 * past which it closes the connection), and the connection serves the next request.
 */
export function refuseLargeBodies(server: Server, options: BodyRefusalOptions): void {
  const { maxBytes } = options;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (declaredLength(req) > maxBytes) {
      const body = JSON.stringify(errorBody('PAYLOAD_TOO_LARGE', `the request body is over ${maxBytes} bytes`));
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
      res.end(body);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
      if (status === 413 && !req.complete) keepOpen(rest);
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
    } as ServerResponse['writeHead'];
  });
}

/** The request's Content-Length, or 0 when it has none (a chunked body is counted by the app). */
function declaredLength(req: IncomingMessage): number {
  const length = req.headers['content-length'];
  return length && /^\d+$/.test(length) ? Number(length) : 0;
}

/** Drops a `Connection: close` from writeHead's headers: the adapter's bounded drain decides instead. */
function keepOpen(args: unknown[]): void {
  const headers = args.find((a): a is OutgoingHttpHeaders => typeof a === 'object' && a !== null && !Array.isArray(a));
  if (!headers) return;
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'connection') delete headers[name];
}
