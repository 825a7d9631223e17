import { describe, expect, it } from 'vitest';
import { eventId } from './event-id';

describe('eventId', () => {
  const identity = { productId: 'jp-ovop:1', type: 'UPDATED' as const, version: 4, before: 'h3', after: 'h4' };

  it('is 128 bits of base64url, the same for the same change on any instance', async () => {
    const id = await eventId(identity);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await eventId({ ...identity })).toBe(id);
  });

  it('differs with each part of the identity', async () => {
    const id = await eventId(identity);
    const variants = [
      { productId: 'jp-ovop:2' },
      { type: 'CREATED' as const },
      { version: 5 },
      { before: 'hx' },
      { after: 'hx' },
      { detail: 'MY' },
      // Separators cannot be forged by moving text between parts.
      { productId: 'jp-ovop:1\u0000UPDATED', type: 'UPDATED' as const },
    ];
    const ids = await Promise.all(variants.map((v) => eventId({ ...identity, ...v })));
    expect(new Set([id, ...ids]).size).toBe(variants.length + 1);
  });
});
