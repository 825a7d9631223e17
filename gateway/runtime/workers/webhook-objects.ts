/**
 * The webhook Durable Objects as the Worker sees them (their classes are in
 * webhook-subscription-object.ts and webhook-directory-object.ts; kept apart so the Worker's
 * wiring imports no class and no import loops back).
 */

/** The part of a Durable Object namespace binding this code uses (wrangler.toml's WEBHOOKS, WEBHOOK_DIRECTORY). */
export interface ObjectNamespace<Stub> {
  idFromName(name: string): unknown;
  get(id: unknown): Stub;
}

/** The directory's RPC surface, as a stub sees it. */
export interface WebhookDirectoryStub {
  /** Lists a new subscription; false when the directory holds `max` already. */
  add(id: string, owner: string, createdAt: number, max: number): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Ids of `owner`'s subscriptions (every one for null), oldest first, at most `limit`. */
  list(owner: string | null, limit: number): Promise<string[]>;
  count(owner: string): Promise<number>;
  /** New events are in the log: every subscription is told, from the directory's alarm. */
  wake(): Promise<void>;
}

/** A subscription object's RPC surface, as a stub sees it (every method async). Subscriptions travel as stored text. */
export interface WebhookSubscriptionStub {
  create(id: string, text: string, dueAt: number): Promise<void>;
  get(): Promise<string | null>;
  save(text: string, expectedRevision: number): Promise<boolean>;
  destroy(): Promise<boolean>;
  schedule(at: number, idle: boolean): Promise<void>;
  unschedule(): Promise<void>;
  wake(now: number): Promise<void>;
  getPending(): Promise<string | null>;
  setPending(text: string): Promise<void>;
  clearPending(): Promise<void>;
  recordAttempt(text: string): Promise<void>;
  attempts(first: number): Promise<string[]>;
}
