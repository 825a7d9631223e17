import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CoalescedResponse } from './coalesced-response';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()).closeAllConnections() : done())));

/** A server with coalesced responses; `handle` answers each request. */
async function listen(handle: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer({ ServerResponse: CoalescedResponse }, handle);
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** Sends raw bytes on one connection (the last request asks to close) and reads until the server closes it. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('CoalescedResponse', () => {
  it('writes nothing while the round that ended it runs, and all of it once the round is done', async () => {
    const seen: number[] = [];
    const port = await listen((_req, res) => {
      res.end('answer');
      seen.push(res.socket!.bytesWritten);
      setImmediate(() => setImmediate(() => seen.push(res.socket?.bytesWritten ?? -1)));
    });
    const answer = await exchange(port, 'GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nanswer$/);
    expect(seen[0]).toBe(0);
  });

  it('answers pipelined requests on one connection in order, each with its own body', async () => {
    const port = await listen((req, res) => {
      // The second answer is ready first: Node still sends them in the order they were asked.
      setTimeout(() => res.end(`answer to ${req.url}`), req.url === '/first' ? 20 : 0);
    });
    const ask = (path: string, close = false) => `GET ${path} HTTP/1.1\r\nhost: x\r\n${close ? 'connection: close\r\n' : ''}\r\n`;
    const text = await exchange(port, ask('/first') + ask('/second') + ask('/third', true));
    const bodies = text.split(/HTTP\/1\.1 200 OK\r\n[\s\S]*?\r\n\r\n/).filter(Boolean);
    expect(bodies).toEqual(['answer to /first', 'answer to /second', 'answer to /third']);
  });

  it('closes the connection of a response ended with what Node cannot write, and keeps answering others', async () => {
    const port = await listen((req, res) => {
      if (req.url === '/bad') res.end(42 as unknown as string);
      else res.end('fine');
    });
    const bad = await exchange(port, 'GET /bad HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(bad).toBe('');
    const good = await exchange(port, 'GET /good HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(good).toMatch(/\r\n\r\nfine$/);
  }, 5000);
});
