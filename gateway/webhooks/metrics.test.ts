import parse from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { WebhookMetrics } from './metrics';

type Family = { name: string; metrics: unknown[] };

describe('WebhookMetrics', () => {
  it('renders attempts by outcome and each lag as Prometheus text a parser reads', () => {
    const metrics = new WebhookMetrics();
    metrics.attempt('success');
    metrics.attempt('success');
    metrics.attempt('gone');
    const families = parse(metrics.render([{ id: 'wh_AAAAAAAAAAAAAAAAAAAAAA', lagSeconds: 42 }])) as Family[];
    const deliveries = families.find((f) => f.name === 'ovop_webhook_deliveries_total')!;
    expect(deliveries.metrics).toEqual([
      { labels: { outcome: 'success' }, value: '2' },
      { labels: { outcome: 'failure' }, value: '0' },
      { labels: { outcome: 'gone' }, value: '1' },
    ]);
    expect(families.find((f) => f.name === 'ovop_webhook_lag_seconds')!.metrics).toEqual([
      { labels: { subscription: 'wh_AAAAAAAAAAAAAAAAAAAAAA' }, value: '42' },
    ]);
  });
});
