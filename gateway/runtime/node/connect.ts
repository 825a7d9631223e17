import { Agent as HttpAgent, request as httpRequest, type ClientRequestArgs, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Connect } from '../../upstream/connect';

/** Pooled connections are keyed on the checked address too: a socket is only reused for the address it was opened to. */
type Pinned = ClientRequestArgs & { pinned?: string };
class PinnedHttpAgent extends HttpAgent {
  override getName(options?: Pinned): string {
    return `${super.getName(options)}|${options?.pinned ?? ''}`;
  }
}
class PinnedHttpsAgent extends HttpsAgent {
  override getName(options?: Pinned): string {
    return `${super.getName(options as never)}|${options?.pinned ?? ''}`;
  }
}

/** A lookup that answers the checked addresses (all of them, for Happy Eyeballs) and never asks DNS. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, entries);
    else callback(null, entries[0]!.address, entries[0]!.family);
  }) as unknown as LookupFunction;
}

/**
 * The Node connect: node:http(s) with a `lookup` that answers only the addresses the guard checked,
 * so the host is resolved once, by the guard, and the connection goes there (no DNS rebinding).
 * TLS still verifies the certificate for the host name. The body streams with backpressure and is
 * decompressed here (gzip, deflate, br), so the pipeline's byte cap counts decoded bytes.
 */
export function createNodeConnect(): Connect {
  const agents = { 'http:': new PinnedHttpAgent({ keepAlive: true }), 'https:': new PinnedHttpsAgent({ keepAlive: true }) };
  return ({ url, method, headers, signal, addresses, body }) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const protocol = target.protocol as 'http:' | 'https:';
      const outgoing = Object.fromEntries(headers);
      outgoing['accept-encoding'] ??= 'gzip, deflate, br';
      const options: Pinned = {
        method,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        headers: outgoing,
        agent: agents[protocol],
        signal,
        pinned: addresses?.join(','),
        ...(addresses?.length && { lookup: pinnedLookup(addresses) }),
      };
      const request = (protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => resolve(toResponse(res, method)));
      request.on('error', reject);
      request.end(body);
    });
}

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 502;
  if (method === 'HEAD' || [204, 205, 304].includes(status)) {
    res.resume();
    return new Response(null, { status, statusText: res.statusMessage, headers });
  }
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  const source: Readable = decoder ? res.pipe(decoder) : res;
  if (decoder) {
    res.on('error', (error) => decoder.destroy(error));
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  return new Response(streamOf(source, res), { status, statusText: res.statusMessage, headers });
}

/** A Web stream over a Node stream that reads only as fast as it is consumed; cancelling closes the connection. */
function streamOf(source: Readable, res: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        const finish = (error?: unknown) => {
          if (finished) return;
          finished = true;
          if (error) controller.error(error);
          else controller.close();
        };
        source.once('end', () => finish());
        source.once('error', (error) => finish(error));
        source.once('close', () => finish(source.readableEnded ? undefined : new Error('the upstream closed the connection mid-body')));
        source.pause();
      },
      pull() {
        source.resume();
      },
      cancel() {
        finished = true;
        res.destroy();
        source.destroy();
      },
    },
    { highWaterMark: 16 },
  );
}
