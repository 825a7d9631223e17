/** What became of a delivery attempt, as /metrics counts it. */
export type DeliveryOutcome = 'success' | 'failure' | 'gone';

/**
 * Webhook figures for /metrics: attempts by outcome (counted here, fed by the deliverer's
 * `onAttempt`) and each subscription's lag (computed when scraped). Rendered as Prometheus text
 * lines the gateway's exposition appends to its own.
 */
export class WebhookMetrics {
  readonly #outcomes: Record<DeliveryOutcome, number> = { success: 0, failure: 0, gone: 0 };

  /** Counts one attempt. */
  attempt(outcome: DeliveryOutcome): void {
    this.#outcomes[outcome]++;
  }

  /**
   * The exposition lines: `ovop_webhook_deliveries_total{outcome}` and
   * `ovop_webhook_lag_seconds{subscription}` (seconds since the oldest event a subscription has yet
   * to deliver was written; 0 when caught up). Subscription ids are `wh_` + base64url: safe as labels.
   */
  render(lags: ReadonlyArray<{ id: string; lagSeconds: number }>): string {
    const out = [
      '# HELP ovop_webhook_deliveries_total Webhook delivery attempts, by outcome (success: 2xx; gone: 410; failure: anything else)',
      '# TYPE ovop_webhook_deliveries_total counter',
      ...Object.entries(this.#outcomes).map(([outcome, n]) => `ovop_webhook_deliveries_total{outcome="${outcome}"} ${n}`),
      '# HELP ovop_webhook_lag_seconds Seconds since the oldest event a subscription has yet to deliver was written',
      '# TYPE ovop_webhook_lag_seconds gauge',
      ...lags.map(({ id, lagSeconds }) => `ovop_webhook_lag_seconds{subscription="${id}"} ${lagSeconds}`),
    ];
    return `${out.join('\n')}\n`;
  }
}
