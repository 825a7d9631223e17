import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A minimal Chrome DevTools Protocol client over a WebSocket (RFC 6455: masked text frames out,
 * unmasked frames in), on node:http alone: Node 20 has no global WebSocket without a flag, and the
 * bench needs a handful of calls, not a dependency.
 */
export interface Inspector {
  /** Sends one CDP command and resolves with its result (rejects on a CDP error or after `timeoutMs`). */
  call<T = any>(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** The isolate's JS heap, in MB (V8's usedSize and totalSize), and the array buffers' memory outside it when V8 reports it. */
export interface HeapUsage {
  usedMb: number;
  totalMb: number;
  /** `backingStorageSize`: typed arrays' and Data modules' bytes, outside the JS heap but in the isolate's memory. */
  backingMb?: number;
}

/** Opens the debugger WebSocket that an inspector's `/json` lists first (wrangler dev: the Worker's isolate). */
export async function openInspector(port: number, timeoutMs = 10_000): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(timeoutMs) })).json()) as Array<{
    webSocketDebuggerUrl?: string;
  }>;
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error(`the inspector on port ${port} lists no debugger target`);
  const url = new URL(target.webSocketDebuggerUrl!);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`the inspector points away from this machine: ${url}`);
  const socket = await upgrade(url, timeoutMs);
  return cdp(socket);
}

/**
 * Reads the isolate's heap through `Runtime.getHeapUsage`, garbage included: workerd's inspector
 * never answers `HeapProfiler.collectGarbage`, so a figure after a full GC cannot be had this way.
 */
export async function heapUsage(port: number): Promise<HeapUsage> {
  const inspector = await openInspector(port);
  try {
    const { usedSize, totalSize, backingStorageSize } = await inspector.call<{ usedSize: number; totalSize: number; backingStorageSize?: number }>(
      'Runtime.getHeapUsage',
    );
    if (typeof usedSize !== 'number' || typeof totalSize !== 'number') throw new Error('Runtime.getHeapUsage answered without sizes');
    return {
      usedMb: usedSize / 2 ** 20,
      totalMb: totalSize / 2 ** 20,
      ...(typeof backingStorageSize === 'number' && { backingMb: backingStorageSize / 2 ** 20 }),
    };
  } finally {
    inspector.close();
  }
}

/** One isolate's memory over a sampling: its largest JS heap used + array buffers, and how the samples went. */
export interface IsolatePeak {
  /** The inspector target's title (wrangler dev: the Worker's name, or a Durable Object's). */
  target: string;
  /** Answered samples, and the longest gap between two of them (an isolate busy in one long task answers late). */
  samples: number;
  longestGapMs: number;
  /** The largest `usedSize + backingStorageSize` read, in MB, and its two parts at that read. */
  peakMb: number;
  usedMbAtPeak: number;
  backingMbAtPeak: number;
  /** The largest JS heap used alone (what the floors read before issue 30), in MB. */
  peakUsedMb: number;
  /** False when the inspector never reported `backingStorageSize`: then peakMb is the JS heap alone and the floors fail. */
  backingReported: boolean;
  /** The fields `Runtime.getHeapUsage` answered with (workerd's V8: usedSize, totalSize, embedderHeapUsedSize, backingStorageSize). */
  fields: string[];
}

/** A running sampling; `stop` ends it and returns each isolate's peak. */
export interface HeapSampler {
  /** Takes one sample of every isolate now (between two searches), besides the timer's; resolves once read. */
  now(): Promise<void>;
  stop(): Promise<IsolatePeak[]>;
}

/**
 * Samples every isolate the inspector lists, every `everyMs` (default 500 ms), through
 * `Runtime.getHeapUsage`: the JS heap used (garbage included) plus `backingStorageSize`, the array
 * buffers outside the heap that a deployed isolate's 128 MB counts too. One connection per target,
 * one call in flight per target (a busy isolate is not queued more calls), and the target list is
 * read again every few seconds, so an isolate started meanwhile (a Durable Object) is sampled too.
 * `only`: which targets to sample, by id (workerd's own inspector lists its internal services too).
 * @default everyMs 500; only every target
 */
export async function sampleHeaps(port: number, everyMs = 500, only: (id: string) => boolean = () => true): Promise<HeapSampler> {
  const isolates = new Map<string, { inspector: Inspector; busy: boolean; lastAt: number; peak: IsolatePeak }>();
  let stopped = false;
  const connect = async () => {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(5000) })).json()) as Array<{
      id?: string;
      title?: string;
      webSocketDebuggerUrl?: string;
    }>;
    for (const target of targets) {
      const key = target.id ?? target.webSocketDebuggerUrl;
      if (!target.webSocketDebuggerUrl || !key || !only(key) || isolates.has(key) || stopped) continue;
      const url = new URL(target.webSocketDebuggerUrl);
      if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') continue;
      const inspector = cdp(await upgrade(url, 5000));
      const peak: IsolatePeak = {
        target: target.title ?? key,
        samples: 0,
        longestGapMs: 0,
        peakMb: 0,
        usedMbAtPeak: 0,
        backingMbAtPeak: 0,
        peakUsedMb: 0,
        backingReported: false,
        fields: [],
      };
      isolates.set(key, { inspector, busy: false, lastAt: Date.now(), peak });
    }
  };
  await connect();
  if (!isolates.size) throw new Error(`the inspector on port ${port} lists no debugger target`);
  const sample = () => {
    const reads: Array<Promise<void>> = [];
    for (const isolate of isolates.values()) {
      if (isolate.busy) continue;
      isolate.busy = true;
      const read = isolate.inspector
        .call<{ usedSize?: number; backingStorageSize?: number }>('Runtime.getHeapUsage', {}, 60_000)
        .then((answer) => {
          const { usedSize, backingStorageSize } = answer;
          if (typeof usedSize !== 'number') return;
          if (!isolate.peak.fields.length) isolate.peak.fields = Object.keys(answer);
          const now = Date.now();
          const { peak } = isolate;
          peak.longestGapMs = Math.max(peak.longestGapMs, now - isolate.lastAt);
          isolate.lastAt = now;
          peak.samples++;
          const used = usedSize / 2 ** 20;
          const backing = typeof backingStorageSize === 'number' ? backingStorageSize / 2 ** 20 : 0;
          peak.backingReported ||= typeof backingStorageSize === 'number';
          peak.peakUsedMb = Math.max(peak.peakUsedMb, used);
          if (used + backing > peak.peakMb) Object.assign(peak, { peakMb: used + backing, usedMbAtPeak: used, backingMbAtPeak: backing });
        })
        .catch(() => undefined)
        .finally(() => {
          isolate.busy = false;
        });
      reads.push(read);
    }
    return Promise.all(reads).then(() => undefined);
  };
  sample();
  // Unreferenced: a sampling left running never keeps the bench alive.
  const timer = setInterval(() => void sample(), everyMs).unref();
  const relist = setInterval(() => void connect().catch(() => undefined), 5000).unref();
  return {
    now: sample,
    async stop() {
      // One last sample: the end of the window counts too.
      await sample();
      stopped = true;
      clearInterval(timer);
      clearInterval(relist);
      // Reads still in flight (an isolate that was busy) are waited for, a little.
      const deadline = Date.now() + 5000;
      while ([...isolates.values()].some((i) => i.busy) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const { inspector } of isolates.values()) inspector.close();
      return [...isolates.values()].map((i) => i.peak);
    },
  };
}

function upgrade(url: URL, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': randomBytes(16).toString('base64'), 'sec-websocket-version': '13' },
      timeout: timeoutMs,
    });
    req.once('upgrade', (_res, socket, head) => {
      if (head.length) socket.unshift(head);
      resolve(socket);
    });
    req.once('response', (res) => reject(new Error(`the inspector refused the WebSocket: HTTP ${res.statusCode}`)));
    req.once('timeout', () => req.destroy(new Error('the inspector did not upgrade in time')));
    req.once('error', reject);
    req.end();
  });
}

function cdp(socket: Socket): Inspector {
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  // Ids unlike any earlier connection's: a late answer to one of those can never pass for ours.
  let nextId = 1 + Math.floor(Math.random() * 1e9);
  let buffer = Buffer.alloc(0);
  let message: Buffer[] = [];
  const fail = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const frame = readFrame(buffer);
      if (!frame) return;
      buffer = buffer.subarray(frame.size);
      if (frame.opcode === 0x8) return socket.end();
      if (frame.opcode === 0x9) socket.write(encodeFrame(0xa, frame.payload));
      if (frame.opcode !== 0x1 && frame.opcode !== 0x0) continue;
      message.push(frame.payload);
      if (!frame.fin) continue;
      const text = Buffer.concat(message).toString('utf8');
      message = [];
      const reply = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
      if (!waiter) continue;
      pending.delete(reply.id!);
      if (reply.error) waiter.reject(new Error(`CDP: ${reply.error.message}`));
      else waiter.resolve(reply.result);
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the inspector closed the connection')));
  return {
    call(method, params = {}, timeoutMs = 30_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`CDP ${method} had no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify({ id, method, params }))));
      });
    },
    close() {
      socket.end(encodeFrame(0x8, Buffer.alloc(0)));
      socket.destroy();
    },
  };
}

/** One frame from the front of `data`, or undefined until all of it has arrived. */
function readFrame(data: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  const fin = (data[0]! & 0x80) !== 0;
  const opcode = data[0]! & 0x0f;
  const masked = (data[1]! & 0x80) !== 0;
  let length = data[1]! & 0x7f;
  let at = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    at = 10;
  }
  const mask = masked ? data.subarray(at, at + 4) : undefined;
  if (masked) at += 4;
  if (data.length < at + length) return undefined;
  const payload = Buffer.from(data.subarray(at, at + length));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { fin, opcode, payload, size: at + length };
}

/** A client frame: final, masked, as RFC 6455 requires of clients. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = 0x80 | length;
  else if (length < 65_536) (header[1] = 0x80 | 126), header.writeUInt16BE(length, 2);
  else (header[1] = 0x80 | 127), header.writeBigUInt64BE(BigInt(length), 2);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}
