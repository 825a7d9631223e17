import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

/** The peer address of a request served by @hono/node-server (X-Forwarded-For is not trusted). */
export function nodeClientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.remoteAddress ?? 'unknown';
}
