import { Webhook } from 'standardwebhooks';
import type { SigningSecrets } from './subscription';

/** A new signing secret: `whsec_` + base64 of 32 random bytes (Standard Webhooks' form). */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** The secrets that sign at `now`: the current one, and the previous one while its rotation grace lasts. */
export function activeSecrets(secrets: SigningSecrets, now: number): string[] {
  const active = [secrets.current];
  if (secrets.previous && secrets.previousExpiresAt !== null && now < secrets.previousExpiresAt) active.push(secrets.previous);
  return active;
}

/** The Standard Webhooks headers of one delivery. */
export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a delivery with `standardwebhooks` (HMAC-SHA256 over `id.timestamp.body`): one `v1,…`
 * signature per active secret, space-separated, so a receiver holding either secret verifies it
 * while a rotation lasts. `now` is the attempt's time, in milliseconds.
 */
export function signDelivery(options: { eventId: string; body: string; secrets: SigningSecrets; now: number }): SignatureHeaders {
  const at = new Date(options.now);
  const signatures = activeSecrets(options.secrets, options.now).map((secret) => new Webhook(secret).sign(options.eventId, at, options.body));
  return {
    'webhook-id': options.eventId,
    'webhook-timestamp': String(Math.floor(options.now / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
