import { digest } from './digest';
import type { ProductChangeType } from './event';

/** What makes one event: the product, what happened, the version it got and its two states. */
export interface EventIdentity {
  productId: string;
  type: ProductChangeType;
  version: number;
  /** The content hash before (empty for a new product). */
  before: string;
  /** The content hash after (empty once removed). */
  after: string;
  /** For events of the clock and compliance: the certificate or destination, and the day. */
  detail?: string;
}

/**
 * The event's id: base64url of SHA-256 over its identity, truncated to 128 bits (22 characters).
 * Two instances that see the same change from the same recorded state derive the same id, so the
 * log writes it once; the version in it keeps a change that comes back (A → B → A → B) a new event.
 */
export function eventId(identity: EventIdentity): Promise<string> {
  const { productId, type, version, before, after, detail = '' } = identity;
  return digest(['ovop-change-v1', productId, type, String(version), before, after, detail].join('\u0000'));
}
