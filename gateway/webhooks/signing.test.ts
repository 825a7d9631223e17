import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { activeSecrets, newSigningSecret, signDelivery } from './signing';

describe('signing', () => {
  it('makes whsec_ secrets of 32 random bytes, never twice the same', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(a.slice(6))).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(a);
  });

  it('signs so that standardwebhooks verifies, and a changed id, time or body does not', () => {
    const secret = newSigningSecret();
    const now = Date.now();
    const body = '{"id":"e1","name":"Bánh tráng 🍚"}';
    const headers = signDelivery({ eventId: 'e1', body, secrets: { current: secret, previous: null, previousExpiresAt: null }, now });
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('🍚', '🍙'), { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'e2' })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) })).toThrow();
  });

  it('adds the previous secret until its rotation grace ends', () => {
    const secrets = { current: newSigningSecret(), previous: newSigningSecret(), previousExpiresAt: 1000 };
    expect(activeSecrets(secrets, 999)).toEqual([secrets.current, secrets.previous]);
    expect(activeSecrets(secrets, 1000)).toEqual([secrets.current]);
    const headers = signDelivery({ eventId: 'e', body: '{}', secrets, now: 999 });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
  });
});
