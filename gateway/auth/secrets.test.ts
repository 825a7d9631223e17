import { describe, expect, it } from 'vitest';
import { isSealed, SecretBox } from './secrets';

const KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)));
const OTHER = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 255 - i)));
const SECRET = '{"X-Api-Key":"th-secret-api-key-5f2b9c","Ключ":"🔑"}';

describe('SecretBox', () => {
  it('round-trips, never showing the plain text, with a fresh IV each time', async () => {
    const box = new SecretBox(KEY);
    const a = await box.seal(SECRET);
    const b = await box.seal(SECRET);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain('th-secret');
    expect(a).not.toBe(b);
    expect(await box.open(a)).toBe(SECRET);
    expect(await new SecretBox(KEY.replace(/\+/g, '-').replace(/\//g, '_')).open(b)).toBe(SECRET);
  });

  it('refuses a tampered value', async () => {
    const box = new SecretBox(KEY);
    const sealed = await box.seal(SECRET);
    const dot = sealed.lastIndexOf('.');
    const flipped = sealed.slice(0, dot + 5) + (sealed[dot + 5] === 'A' ? 'B' : 'A') + sealed.slice(dot + 6);
    await expect(box.open(flipped)).rejects.toThrow(/cannot be opened/);
  });

  it('refuses another key', async () => {
    const sealed = await new SecretBox(KEY).seal(SECRET);
    await expect(new SecretBox(OTHER).open(sealed)).rejects.toThrow(/another SECRETS_KEY/);
  });

  it('without a key stores values as they come, and cannot open sealed ones', async () => {
    const box = new SecretBox();
    expect(box.sealing).toBe(false);
    expect(await box.seal(SECRET)).toBe(SECRET);
    expect(await box.open(SECRET)).toBe(SECRET);
    await expect(box.open(await new SecretBox(KEY).seal(SECRET))).rejects.toThrow(/SECRETS_KEY is unset/);
  });

  it('reads a value stored before the key was set as it is', async () => {
    expect(await new SecretBox(KEY).open(SECRET)).toBe(SECRET);
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(new SecretBox(btoa('short')).seal('x')).rejects.toThrow(/32 bytes/);
  });
});
