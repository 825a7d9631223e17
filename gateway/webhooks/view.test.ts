import { describe, expect, it } from 'vitest';
import { subscriptionOf } from './store.contract';
import { deliveryView, subscriptionView } from './view';

describe('the public views', () => {
  it('show a subscription without its owner or secrets, times in RFC 3339', () => {
    const s = subscriptionOf('owner-hash', {
      status: 'RETRYING',
      failingSince: Date.parse('2026-12-01T00:00:00Z'),
      nextAttemptAt: Date.parse('2026-12-01T00:00:05Z'),
    });
    const view = subscriptionView(s);
    expect(view).toEqual({
      id: s.id,
      url: s.url,
      status: 'RETRYING',
      filter: s.filter,
      cursor: s.cursor,
      failingSince: '2026-12-01T00:00:00.000Z',
      nextAttemptAt: '2026-12-01T00:00:05.000Z',
    });
    expect(JSON.stringify(view)).not.toContain('whsec_');
    expect(JSON.stringify(view)).not.toContain('owner-hash');
  });

  it('show an attempt with its time in RFC 3339', () => {
    expect(deliveryView({ eventId: 'e', attempt: 2, at: 0, status: 500, durationMs: 12, error: 'the receiver answered HTTP 500' })).toMatchObject({
      at: '1970-01-01T00:00:00.000Z',
    });
  });
});
