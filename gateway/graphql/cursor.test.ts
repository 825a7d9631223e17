import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CursorCodec } from './cursor';

const codec = new CursorCodec('a shared cursor secret');
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => e.extensions?.code ?? `unexpected ${e}`);

describe('CursorCodec', () => {
  it('round-trips, and another instance with the same secret reads it', async () => {
    const cursor = await codec.encode(41, 'deadbeef');
    expect(await codec.decode(cursor, 'deadbeef')).toBe(41);
    expect(await new CursorCodec('a shared cursor secret').decode(cursor, 'deadbeef')).toBe(41);
  });
  it('refuses a cursor of another query, another secret, or an edited one', async () => {
    const cursor = await codec.encode(41, 'deadbeef');
    expect(await code(codec.decode(cursor, 'cafebabe'))).toBe('BAD_USER_INPUT');
    expect(await code(new CursorCodec('another secret entirely').decode(cursor, 'deadbeef'))).toBe('BAD_USER_INPUT');
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
});
