import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../stores/memory';
import type { CacheStore } from '../../stores/ports';
import { createHmac } from 'node:crypto';
import { CursorCodec, fingerprint } from './cursor';

const codec = new CursorCodec({ secret: 'a shared cursor secret' });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => e.extensions?.code ?? `unexpected ${e}`,
  );

describe('CursorCodec', () => {
  it('signs with a synchronous HMAC (Node) exactly as with Web Crypto (Workers): each reads the other', async () => {
    const node = new CursorCodec({ secret: 'a shared cursor secret', hmac: (key, payload) => createHmac('sha256', key).update(payload).digest() });
    for (const [offset, shape] of [
      [0, 'deadbeef'],
      [41, 'cafebabe'],
      [999_999_999, '00000000'],
    ] as const) {
      const cursor = await node.encode(offset, shape);
      expect(cursor).toBe(await codec.encode(offset, shape));
      expect(await codec.decode(cursor, shape)).toBe(offset);
      expect(await node.decode(await codec.encode(offset, shape), shape)).toBe(offset);
    }
    expect(await code(node.decode(await new CursorCodec({ secret: 'another secret entirely' }).encode(1, 'deadbeef'), 'deadbeef'))).toBe('BAD_USER_INPUT');
  });
  it('signs a payload once, and signs again after the shared key is read anew', async () => {
    let signatures = 0;
    let clock = 0;
    const store = new MemoryCache();
    const counting = new CursorCodec({
      store,
      now: () => clock,
      hmac: (key, payload) => {
        signatures++;
        return createHmac('sha256', key).update(payload).digest();
      },
    });
    const first = await counting.encode(19, 'deadbeef');
    expect(await counting.encode(19, 'deadbeef')).toBe(first);
    expect(signatures).toBe(1);
    await counting.encode(20, 'deadbeef');
    expect(signatures).toBe(2);
    // A cursor signed with another key makes this codec read the shared key again (after a while).
    const other = new CursorCodec({ store: new MemoryCache() });
    clock = 60_000;
    expect(await code(counting.decode(await other.encode(1, 'deadbeef'), 'deadbeef'))).toBe('BAD_USER_INPUT');
    const before = signatures;
    await counting.encode(19, 'deadbeef');
    expect(signatures).toBe(before + 1);
  });

  it('round-trips, and another instance with the same secret reads it', async () => {
    const cursor = await codec.encode(41, 'deadbeef');
    expect(await codec.decode(cursor, 'deadbeef')).toBe(41);
    expect(await new CursorCodec({ secret: 'a shared cursor secret' }).decode(cursor, 'deadbeef')).toBe(41);
  });
  it('refuses a cursor of another query, another secret, or an edited one', async () => {
    const cursor = await codec.encode(41, 'deadbeef');
    expect(await code(codec.decode(cursor, 'cafebabe'))).toBe('BAD_USER_INPUT');
    expect(await code(new CursorCodec({ secret: 'another secret entirely' }).decode(cursor, 'deadbeef'))).toBe('BAD_USER_INPUT');
    const [body, sig] = cursor.split('.');
    const forged = `${btoa('v1:deadbeef:9999').replace(/=+$/, '')}.${sig}`;
    expect(await code(codec.decode(forged, 'deadbeef'))).toBe('BAD_USER_INPUT');
    expect(await code(codec.decode(`${body}.${sig!.slice(1)}A`, 'deadbeef'))).toBe('BAD_USER_INPUT');
  });
  it('answers any string with an offset or BAD_USER_INPUT, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        expect(['ok', 'BAD_USER_INPUT']).toContain(await code(codec.decode(s, 'deadbeef')));
      }),
    );
  });

  it('without a secret, shares one generated key through the cache store, and is not the operator token', async () => {
    const store = new MemoryCache();
    const a = new CursorCodec({ store });
    const b = new CursorCodec({ store });
    expect(await b.decode(await a.encode(7, 'deadbeef'), 'deadbeef')).toBe(7);
    expect(await code(new CursorCodec({ store: new MemoryCache() }).decode(await a.encode(7, 'deadbeef'), 'deadbeef'))).toBe('BAD_USER_INPUT');
  });
  it('re-reads the shared key when a cursor does not verify, at most every few seconds', async () => {
    const real = new MemoryCache();
    let answering = false;
    const flaky: CacheStore = {
      shared: true,
      get: (key) => (answering ? real.get(key) : Promise.resolve(undefined)),
      set: async (key, value, ttl) => (answering ? real.set(key, value, ttl) : undefined),
      delete: (key) => real.delete(key),
    };
    let now = 0;
    // The early instance made its key while the store answered nothing; the late one stored the shared key.
    const early = new CursorCodec({ store: flaky, now: () => now });
    await early.encode(1, 'deadbeef');
    answering = true;
    const cursor = await new CursorCodec({ store: real }).encode(3, 'deadbeef');
    expect(await code(early.decode(cursor, 'deadbeef'))).toBe('BAD_USER_INPUT');
    now = 10_000;
    expect(await early.decode(cursor, 'deadbeef')).toBe(3);
  });
});

describe('fingerprint', () => {
  /** FNV-1a over code points, as every cursor issued so far was signed with. */
  const byCodePoint = (value: unknown) => {
    let hash = 0x811c9dc5;
    for (const ch of JSON.stringify(value)) hash = Math.imul(hash ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
    return hash.toString(16).padStart(8, '0');
  };

  it.each([{ text: 'kopi', lang: 'en' }, { text: 'กาแฟ 咖啡 ☕ 🍵 𠮷', sort: 'NAME_ASC' }, { text: '\ud83c lone \udf75 surrogates \ud83c' }, { text: '🍵' }])(
    'hashes %j by code point, as cursors already issued were',
    (shape) => {
      const value = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, JSON.parse(`"${v}"`)]));
      expect(fingerprint(value)).toBe(byCodePoint(value));
    },
  );

  it('hashes any UTF-16 text by code point', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), (units) => {
        const value = { text: String.fromCharCode(...units) };
        expect(fingerprint(value)).toBe(byCodePoint(value));
      }),
    );
  });
});
