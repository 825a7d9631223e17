import type { DeliveryAttempt } from './store';
import type { Subscription, WebhookStatus } from './subscription';

/** A subscription as the GraphQL type WebhookSubscription shows it (lag and deliveries are resolved apart). */
export interface SubscriptionView {
  id: string;
  url: string;
  status: WebhookStatus;
  filter: Subscription['filter'];
  cursor: string;
  failingSince: string | null;
  nextAttemptAt: string | null;
}

/** A delivery attempt as the GraphQL type WebhookDelivery shows it. */
export interface DeliveryView {
  eventId: string;
  attempt: number;
  at: string;
  status: number | null;
  durationMs: number;
  error: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The public view of a subscription: never its owner or secrets; times in RFC 3339. */
export function subscriptionView(subscription: Subscription): SubscriptionView {
  const { id, url, status, filter, cursor, failingSince, nextAttemptAt } = subscription;
  return { id, url, status, filter, cursor, failingSince: iso(failingSince), nextAttemptAt: iso(nextAttemptAt) };
}

/** The public view of an attempt: its time in RFC 3339. */
export function deliveryView(attempt: DeliveryAttempt): DeliveryView {
  return { ...attempt, at: new Date(attempt.at).toISOString() };
}
