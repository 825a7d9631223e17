import { describe, expect, it } from 'vitest';
import { sha256Hex } from './tokens';
import { CallerIdentities } from './caller-identity';

describe('CallerIdentities', () => {
  it('knows the operator and issued keys, and caches both verdicts within its bound', async () => {
    const issued = await sha256Hex('issued-key');
    let reads = 0;
    const identities = new CallerIdentities({
      adminToken: 'operator-token-0123456789',
      lookup: async (hash) => (reads++, hash === issued ? { bucket: 'key:x', policy: { perSecond: 5, burst: 5 } } : undefined),
      maxEntries: 3,
    });
    expect(await identities.verify(await sha256Hex('operator-token-0123456789'))).toEqual({ bucket: 'operator', name: 'operator' });
    expect(await identities.verify(issued)).toMatchObject({ bucket: 'key:x' });
    expect(identities.cached(issued)).toMatchObject({ bucket: 'key:x' });
    const nobody = await sha256Hex('made-up');
    expect(await identities.verify(nobody)).toBeNull();
    expect(identities.cached(nobody)).toBeNull();
    const before = reads;
    await identities.verify(nobody);
    expect(reads).toBe(before);
    for (let i = 0; i < 50; i++) await identities.verify(await sha256Hex(`flood-${i}`));
    expect(identities.size.unknown).toBeLessThanOrEqual(3);
  });

  it('shares one store read among concurrent look-ups of one token, and does not remember a failed read', async () => {
    let reads = 0;
    let fail = true;
    const identities = new CallerIdentities({
      lookup: async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('store away');
        return { bucket: 'key:y' };
      },
    });
    const hash = await sha256Hex('k');
    expect(await Promise.all([identities.verify(hash), identities.verify(hash), identities.verify(hash)])).toEqual([null, null, null]);
    expect(reads).toBe(1);
    expect(identities.cached(hash)).toBeUndefined();
    fail = false;
    expect(await identities.verify(hash)).toEqual({ bucket: 'key:y' });
  });
});
