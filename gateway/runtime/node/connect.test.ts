import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeConnect } from './connect';

let server: Server;
let port: number;
const seen: Array<{ path: string; headers: IncomingHttpHeaders; socket: number }> = [];
const sockets = new Map<object, number>();
let closedEarly = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
    seen.push({ path: req.url!, headers: req.headers, socket: sockets.get(req.socket)! });
    if (req.url === '/gzip') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('hello, compressed'));
    if (req.url === '/forever') {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => {
        closedEarly++;
        res.removeAllListeners('drain');
      });
      return pump();
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`host ${req.headers.host}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const hop = (url: string, address?: string) => ({
  url,
  method: 'GET',
  headers: new Headers({ 'x-api-key': 'k' }),
  signal: new AbortController().signal,
  addresses: address ? [address] : undefined,
});

describe('createNodeConnect', () => {
  it('connects to the checked address whatever the name says, and sends the name as Host', async () => {
    const connect = createNodeConnect();
    // No resolver knows this name: the only way to reach the server is the pinned address.
    const response = await connect(hop(`http://catalogue.pinned.test:${port}/x`, '127.0.0.1'));
    expect(await response.text()).toBe(`host catalogue.pinned.test:${port}`);
    expect(seen.at(-1)!.headers['x-api-key']).toBe('k');
  });

  it('does not resolve the name itself when nothing is pinned to it', async () => {
    await expect(createNodeConnect()(hop(`http://catalogue.pinned.test:${port}/x`))).rejects.toThrow(/ENOTFOUND|EAI_AGAIN/);
  });

  it('reuses a pooled connection only for the address it was opened to', async () => {
    const connect = createNodeConnect();
    await (await connect(hop(`http://pool.test:${port}/a`, '127.0.0.1'))).text();
    await (await connect(hop(`http://pool.test:${port}/b`, '127.0.0.1'))).text();
    const [a, b] = seen.slice(-2);
    expect(a!.socket).toBe(b!.socket);
    // The same name checked to another address gets a connection of its own (nothing listens there).
    await expect(connect(hop(`http://pool.test:${port}/c`, '127.0.0.2'))).rejects.toThrow(/ECONNREFUSED 127\.0\.0\.2/);
  });

  it('decodes a compressed body', async () => {
    expect(await (await createNodeConnect()(hop(`http://127.0.0.1:${port}/gzip`, '127.0.0.1'))).text()).toBe('hello, compressed');
  });

  it('reads only as fast as it is consumed, and cancelling closes the connection', async () => {
    const response = await createNodeConnect()(hop(`http://127.0.0.1:${port}/forever`, '127.0.0.1'));
    const reader = response.body!.getReader();
    let read = 0;
    while (read < 1024 * 1024) read += (await reader.read()).value!.byteLength;
    await reader.cancel();
    await expect.poll(() => closedEarly).toBe(1);
  });
});

describe('createNodeConnect with several checked addresses', () => {
  it('tries them in turn (Happy Eyeballs), and only them', async () => {
    const connect = createNodeConnect();
    const hopTo = { ...hop(`http://dual.test:${port}/x`), addresses: ['::1', '127.0.0.1'] };
    // Nothing listens on ::1: the connection falls back to the next checked address.
    expect(await (await connect(hopTo)).text()).toBe(`host dual.test:${port}`);
  });
});
