import { expect, it } from 'vitest';
import { SecretBox } from '../auth/secrets';
import { newSigningSecret } from './signing';
import type { WebhookStore } from './store';
import { WEBHOOK_ATTEMPTS_KEPT } from './store';
import { newSubscriptionId, type Subscription } from './subscription';

/** A fresh, empty store under the contract: `open` makes a client on it (the same store each time). */
export interface WebhookStoreHarness {
  open(options: { secrets: SecretBox }): Promise<WebhookStore>;
  /** Every value the store holds, as text: what someone reading Redis (or a memory dump) would see. */
  dump(): Promise<string>;
}

const T0 = Date.parse('2026-12-01T00:00:00Z');
const KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

/** A subscription as the operations would make it. */
export function subscriptionOf(owner: string, extra: Partial<Subscription> = {}): Subscription {
  return {
    id: newSubscriptionId(),
    owner,
    url: 'https://market.example/hooks',
    filter: { economies: ['JP'] },
    currency: 'USD',
    lang: 'en',
    status: 'ACTIVE',
    cursor: 'c1.',
    failingSince: null,
    nextAttemptAt: null,
    createdAt: T0,
    revision: 1,
    secrets: { current: newSigningSecret(), previous: null, previousExpiresAt: null },
    ...extra,
  };
}

/** Polls `check` until it is true, for at most `ms`. */
async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What a store under the contract does beyond keeping subscriptions. */
export interface WebhookStoreContractOptions {
  /**
   * It keeps the due set, claims and leases itself (memory, Redis). A store whose subscriptions
   * schedule themselves (the Durable Objects' alarms on Workers) answers claims with nothing, and
   * those parts of the contract are skipped for it. @default true
   */
  dueSet?: boolean;
}

/**
 * The webhook store's contract, run against every implementation (memory beside it, Redis and
 * the Durable Objects in test/): subscriptions by owner, conditional writes, the due set with
 * leases across two clients, idle and wake, pending deliveries, bounded attempts, secrets sealed
 * at rest.
 */
export function webhookStoreContract(store: () => Promise<WebhookStoreHarness>, options: WebhookStoreContractOptions = {}): void {
  const { dueSet = true } = options;
  const setup = async (secrets = new SecretBox()) => {
    const harness = await store();
    return { harness, a: await harness.open({ secrets }), b: await harness.open({ secrets }) };
  };

  it('keeps subscriptions by owner, reads them back whole, and deletes them with all they hold', async () => {
    const { a, b } = await setup();
    const mine = subscriptionOf('owner-1', { createdAt: T0 + 1 });
    const theirs = subscriptionOf('owner-2');
    await a.create(mine, T0);
    await a.create(theirs, T0);
    expect(await b.get(mine.id)).toEqual({ ...mine, revision: 1 });
    expect((await b.list('owner-1')).map((s) => s.id)).toEqual([mine.id]);
    expect((await b.list()).map((s) => s.id)).toEqual([theirs.id, mine.id]);
    expect(await b.count('owner-2')).toBe(1);
    await a.setPending(mine.id, { eventId: 'e1', cursor: 'c1.x', body: '{}', attempts: 1 });
    await a.recordAttempt(mine.id, { eventId: 'e1', attempt: 1, at: T0, status: 500, durationMs: 3, error: 'the receiver answered HTTP 500' });
    expect(await b.delete(mine.id)).toBe(true);
    expect(await b.delete(mine.id)).toBe(false);
    expect(await a.get(mine.id)).toBeUndefined();
    expect(await a.getPending(mine.id)).toBeUndefined();
    expect(await a.attempts(mine.id, 10)).toEqual([]);
    if (dueSet) expect(await a.claim({ now: T0 + 1e9, limit: 10, holder: 'x', leaseMs: 10_000 })).toEqual([theirs.id]);
  });

  it('refuses a write made from an older revision', async () => {
    const { a, b } = await setup();
    const s = subscriptionOf('o');
    await a.create(s, T0);
    const first = (await a.get(s.id))!;
    const second = (await b.get(s.id))!;
    expect(await a.save({ ...first, cursor: 'c1.one' })).toBe(true);
    expect(await b.save({ ...second, cursor: 'c1.two' })).toBe(false);
    const now = (await b.get(s.id))!;
    expect(now).toMatchObject({ cursor: 'c1.one', revision: 2 });
    const bumped = { ...now, status: 'RETRYING' as const };
    expect(await b.save(bumped)).toBe(true);
    expect(bumped.revision).toBe(3);
  });

  it.skipIf(!dueSet)('claims due subscriptions under a lease that one holder gets, until released or expired', async () => {
    const { a, b } = await setup();
    const s = subscriptionOf('o');
    const later = subscriptionOf('o');
    await a.create(s, T0);
    await a.create(later, T0 + 60_000);
    expect(await a.nextDue()).toBe(T0);
    expect(await a.claim({ now: T0, limit: 10, holder: 'A', leaseMs: 30_000 })).toEqual([s.id]);
    expect(await b.claim({ now: T0, limit: 10, holder: 'B', leaseMs: 30_000 })).toEqual([]);
    await b.release(s.id, 'B'); // not B's: changes nothing
    expect(await b.claim({ now: T0, limit: 10, holder: 'B', leaseMs: 30_000 })).toEqual([]);
    await a.release(s.id, 'A');
    expect(await b.claim({ now: T0, limit: 10, holder: 'B', leaseMs: 100 })).toEqual([s.id]);
    // B dies holding it: once the lease expires, A takes it.
    await until(async () => (await a.claim({ now: T0, limit: 10, holder: 'A', leaseMs: 30_000 })).includes(s.id));
    await a.schedule(s.id, T0 + 120_000);
    await a.release(s.id, 'A');
    expect(await b.claim({ now: T0 + 60_000, limit: 10, holder: 'B', leaseMs: 30_000 })).toEqual([later.id]);
    await b.unschedule(later.id);
    expect(await a.nextDue()).toBe(T0 + 120_000);
    // Disabled, then resumed: scheduled again, it is due again.
    await b.release(later.id, 'B');
    await a.schedule(later.id, T0);
    expect(await b.claim({ now: T0, limit: 10, holder: 'B', leaseMs: 30_000 })).toEqual([later.id]);
    // A deleted subscription is never scheduled again, nor does it keep a pending delivery or attempts.
    await a.delete(s.id);
    await a.schedule(s.id, T0);
    await a.setPending(s.id, { eventId: 'e', cursor: 'c1.', body: '{}', attempts: 1 });
    await a.recordAttempt(s.id, { eventId: 'e', attempt: 1, at: T0, status: 200, durationMs: 1, error: null });
    expect(await b.claim({ now: T0 + 1e9, limit: 10, holder: 'C', leaseMs: 30_000 })).toEqual([]);
    expect(await b.getPending(s.id)).toBeUndefined();
    expect(await b.attempts(s.id, 10)).toEqual([]);
  });

  it.skipIf(!dueSet)('brings idle subscriptions forward on wake, and leaves retrying ones at their time', async () => {
    const { a, b } = await setup();
    const caughtUp = subscriptionOf('o');
    const retrying = subscriptionOf('o');
    await a.create(caughtUp, T0);
    await a.create(retrying, T0);
    await a.schedule(caughtUp.id, T0 + 30_000, { idle: true });
    await a.schedule(retrying.id, T0 + 300_000);
    expect(await b.claim({ now: T0 + 1, limit: 10, holder: 'B', leaseMs: 1000 })).toEqual([]);
    await b.wake(T0 + 1);
    expect(await a.claim({ now: T0 + 1, limit: 10, holder: 'A', leaseMs: 1000 })).toEqual([caughtUp.id]);
  });

  it('keeps the pending delivery byte for byte, and the newest attempts only, newest first', async () => {
    const { a, b } = await setup();
    const s = subscriptionOf('o');
    await a.create(s, T0);
    const body = JSON.stringify({ id: 'e1', data: { name: '柚子胡椒 🍋', price: '12.30' } });
    await a.setPending(s.id, { eventId: 'e1', cursor: 'c1.abc', body, attempts: 2 });
    expect(await b.getPending(s.id)).toEqual({ eventId: 'e1', cursor: 'c1.abc', body, attempts: 2 });
    await b.clearPending(s.id);
    expect(await a.getPending(s.id)).toBeUndefined();
    for (let i = 1; i <= WEBHOOK_ATTEMPTS_KEPT + 5; i++) {
      await a.recordAttempt(s.id, { eventId: `e${i}`, attempt: 1, at: T0 + i, status: 200, durationMs: i, error: null });
    }
    const newest = await b.attempts(s.id, 1000);
    expect(newest).toHaveLength(WEBHOOK_ATTEMPTS_KEPT);
    expect(newest[0]!.eventId).toBe(`e${WEBHOOK_ATTEMPTS_KEPT + 5}`);
    expect((await b.attempts(s.id, 2)).map((x) => x.eventId)).toEqual([`e${WEBHOOK_ATTEMPTS_KEPT + 5}`, `e${WEBHOOK_ATTEMPTS_KEPT + 4}`]);
  });

  it('stores no signing secret in clear when SECRETS_KEY is set, and reads it back', async () => {
    const { harness, a, b } = await setup(new SecretBox(KEY));
    const previous = newSigningSecret();
    const s = subscriptionOf('o', { secrets: { current: newSigningSecret(), previous, previousExpiresAt: T0 } });
    await a.create(s, T0);
    const dump = await harness.dump();
    expect(dump).toContain(s.id);
    expect(dump).not.toContain(s.secrets.current.slice(6));
    expect(dump).not.toContain(previous.slice(6));
    expect((await b.get(s.id))!.secrets).toEqual(s.secrets);
  });
}
