import { z } from 'zod';
import { isSealed, type SecretBox } from '../auth/secrets';
import { ChangeFilterInput } from '../changes/filter';
import type { DeliveryAttempt, PendingDelivery } from './store';
import { MAX_ERROR_LENGTH } from './store';
import { type SigningSecrets, type Subscription, WEBHOOK_STATUSES } from './subscription';

const time = z.number().int().nonnegative();

/** A subscription as stored: its secrets sealed (when a key is set), checked when read back. */
const StoredSubscription = z.strictObject({
  id: z.string().max(40),
  owner: z.string().max(80),
  url: z.string().max(2048),
  filter: ChangeFilterInput.nullable(),
  currency: z.string().max(8).nullable(),
  lang: z.string().max(64).nullable(),
  status: z.enum(WEBHOOK_STATUSES),
  cursor: z.string().max(2048),
  failingSince: time.nullable(),
  nextAttemptAt: time.nullable(),
  createdAt: time,
  revision: z.number().int().positive(),
  secrets: z.strictObject({
    current: z.string().max(400),
    previous: z.string().max(400).nullable(),
    previousExpiresAt: time.nullable(),
  }),
});

/**
 * The sealed form of secrets this process read or wrote, by the secrets object itself: a
 * delivery's save writes the subscription's cursor, not its secrets, so it reuses their sealed
 * text instead of sealing them again (AES-GCM through Web Crypto, two awaits). Secrets objects are
 * never changed in place (a rotation makes a new one), so the sealed text stays theirs.
 */
const sealedBy = new WeakMap<SigningSecrets, { box: SecretBox; sealed: StoredSecrets }>();
type StoredSecrets = { current: string; previous: string | null; previousExpiresAt: number | null };

/** A subscription as stored text: its secrets sealed under the box's key (as they come without one). */
export async function encodeSubscription(subscription: Subscription, box: SecretBox): Promise<string> {
  const { secrets } = subscription;
  const known = sealedBy.get(secrets);
  let sealed = known?.box === box ? known.sealed : undefined;
  if (!sealed) {
    sealed = {
      current: await box.seal(secrets.current),
      previous: secrets.previous === null ? null : await box.seal(secrets.previous),
      previousExpiresAt: secrets.previousExpiresAt,
    };
    sealedBy.set(secrets, { box, sealed });
  }
  return JSON.stringify({ ...subscription, secrets: sealed });
}

/** A stored subscription read back: checked by its schema, its secrets opened. Throws on anything else. */
export async function decodeSubscription(text: string, box: SecretBox): Promise<Subscription> {
  const stored = StoredSubscription.parse(JSON.parse(text));
  const secrets: SigningSecrets = {
    current: await box.open(stored.secrets.current),
    previous: stored.secrets.previous === null ? null : await box.open(stored.secrets.previous),
    previousExpiresAt: stored.secrets.previousExpiresAt,
  };
  // Values stored before SECRETS_KEY was set are sealed on their next write, so only sealed forms are remembered.
  if (!box.sealing || (isSealed(stored.secrets.current) && (stored.secrets.previous === null || isSealed(stored.secrets.previous)))) {
    sealedBy.set(secrets, { box, sealed: stored.secrets });
  }
  return { ...stored, secrets };
}

const StoredPending = z.strictObject({
  eventId: z.string().max(200),
  cursor: z.string().max(2048),
  body: z.string(),
  attempts: z.number().int().nonnegative(),
});

const StoredAttempt = z.strictObject({
  eventId: z.string().max(200),
  attempt: z.number().int().positive(),
  at: time,
  status: z.number().int().min(100).max(999).nullable(),
  durationMs: z.number().int().nonnegative(),
  error: z.string().max(MAX_ERROR_LENGTH).nullable(),
});

/** A pending delivery read back, checked. */
export function decodePending(text: string): PendingDelivery {
  return StoredPending.parse(JSON.parse(text));
}

/** An attempt as stored: its error cut to MAX_ERROR_LENGTH. */
export function encodeAttempt(attempt: DeliveryAttempt): string {
  return JSON.stringify({ ...attempt, error: attempt.error === null ? null : cutText(attempt.error, MAX_ERROR_LENGTH) });
}

/** Text cut to at most `max` UTF-16 units, never through a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** An attempt read back, checked. */
export function decodeAttempt(text: string): DeliveryAttempt {
  return StoredAttempt.parse(JSON.parse(text));
}
