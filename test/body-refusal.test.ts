import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../gateway/app';
import { MAX_BODY_BYTES } from '../gateway/http-app';
import { loadConfig } from '../gateway/config';
import { packagedGraphiql } from '../gateway/graphql/graphiql/strings';
import { nodeClientAddress, nodeHeader } from '../gateway/runtime/node/address';
import { refuseLargeBodies } from '../gateway/runtime/node/body-refusal';
import { CoalescedResponse } from '../gateway/runtime/node/coalesced-response';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';

/**
 * Issue 28, found by reading: a body over the limit got 413 with `Connection: close` while the
 * client was still sending (undici saw EPIPE, not the 413), and `Expect: 100-continue` was
 * answered 100 Continue before the refusal. The Node server as server.ts builds it, over real HTTP,
 * with undici (Node's fetch) and node:http as clients.
 */
let server: Server;
let url: string;

beforeAll(async () => {
  const gateway = createGateway({
    config: loadConfig({ RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' }),
    log: () => {},
    readSample: readSampleFromDisk,
    graphiql: packagedGraphiql,
    clientAddress: nodeClientAddress,
    header: nodeHeader,
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: gateway.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: { ServerResponse: CoalescedResponse } }, (info: AddressInfo) => {
      url = `http://127.0.0.1:${info.port}`;
      resolve();
    }) as Server;
  });
  refuseLargeBodies(server, { maxBytes: MAX_BODY_BYTES });
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const GRAPHQL_BODY = (bytes: number) => `{"query":"{ categories { code } }","variables":{"pad":"${'x'.repeat(bytes)}"}}`;

describe('a body over the limit: the client reads the 413 (attack)', () => {
  it.each([
    ['3 MB', 3 * 1024 * 1024],
    ['16 MB', 16 * 1024 * 1024],
  ])('with Content-Length (%s), undici fetch reads 413, not EPIPE', async (_, bytes) => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: GRAPHQL_BODY(bytes) });
      expect(response.status).toBe(413);
      expect(JSON.stringify(await response.json())).toContain('PAYLOAD_TOO_LARGE');
    }
  });

  it('chunked (no Content-Length), undici fetch reads 413, not EPIPE', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(JSON.stringify(await response.json())).toContain('PAYLOAD_TOO_LARGE');
  });

  it('a client that sends its whole body before reading still reads the 413, not a reset', async () => {
    for (let i = 0; i < 3; i++) expect(await sendAllThenRead(16 * 1024 * 1024)).toMatch(/^HTTP\/1\.1 413/);
  });

  it('the connection serves the next request after a refusal', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<unknown>();
      const send = (method: string, path: string, body?: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            `${url}${path}`,
            { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {} },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('socket', (socket) => sockets.add(socket));
          req.on('error', reject);
          req.end(body);
        });
      expect(await send('POST', '/graphql', GRAPHQL_BODY(2 * 1024 * 1024))).toBe(413);
      expect(await send('GET', '/healthz')).toBe(200);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

/**
 * A client that writes its whole request before it reads anything (as a client busy sending does):
 * if the server closes the connection while bytes are still arriving, the kernel resets it and the
 * 413 waiting unread in the client's buffer is lost.
 */
function sendAllThenRead(bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.pause();
    socket.on('error', (error) => reject(error));
    socket.on('connect', () => {
      const body = GRAPHQL_BODY(bytes);
      socket.write(`POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
      socket.write(body, () => {
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          const text = Buffer.concat(chunks).toString();
          if (text.includes('PAYLOAD_TOO_LARGE')) {
            socket.destroy();
            resolve(text);
          }
        });
        socket.resume();
      });
    });
  });
}

/** Sends headers with `Expect: 100-continue`; sends the body only when told to continue. */
function expectContinue(length: number): Promise<{ continued: boolean; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const req = request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(length), expect: '100-continue' },
      agent: false,
    });
    req.on('continue', () => {
      continued = true;
      req.end(GRAPHQL_BODY(length - GRAPHQL_BODY(0).length));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ continued, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

describe('Expect: 100-continue (attack)', () => {
  it('over the limit: 413 before any body, never 100 Continue', async () => {
    const answer = await expectContinue(50 * 1024 * 1024);
    expect(answer.continued).toBe(false);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('PAYLOAD_TOO_LARGE');
  });

  it('within the limit: 100 Continue, then the answer', async () => {
    const answer = await expectContinue(GRAPHQL_BODY(10).length);
    expect(answer.continued).toBe(true);
    expect(answer.status).toBe(200);
  });
});
