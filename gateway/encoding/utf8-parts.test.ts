import { describe, expect, it } from 'vitest';
import { utf8OfParts } from './utf8-parts';

describe('utf8OfParts', () => {
  it('is the UTF-8 of the texts joined, surrogate pairs and all', () => {
    const parts = ['{"data":[', '{"name":"ผ้าไหม 🧵"}', ',', '{"name":"Mật ong"}', '],"hasMore":false}', ''];
    expect(utf8OfParts(parts)).toEqual(new TextEncoder().encode(parts.join('')));
    expect(utf8OfParts([])).toEqual(new Uint8Array(0));
  });
});
