import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';

describe('Metrics', () => {
  it('counts past maxSeries label sets under overflow instead of growing', () => {
    const metrics = new Metrics({ maxSeries: 3 });
    for (let i = 0; i < 50; i++) metrics.request({ route: `/r${i}`, operation: 'none', status: 200, seconds: 0.001 });
    for (let i = 0; i < 50; i++) metrics.upstream(`c${i}`, 'ok');
    const text = metrics.render([]);
    const routes = new Set([...text.matchAll(/ovop_http_requests_total\{route="([^"]+)"/g)].map((m) => m[1]));
    expect(routes.size).toBeLessThanOrEqual(4);
    expect(routes.has('overflow')).toBe(true);
    const counted = [...text.matchAll(/^ovop_http_requests_total\{.*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(50);
    expect([...text.matchAll(/^ovop_upstream_requests_total/gm)].length).toBeLessThanOrEqual(4);
  });

  it('escapes label values and keeps histogram buckets cumulative', () => {
    const metrics = new Metrics();
    metrics.request({ route: 'a"b\\c\nd', operation: 'query', status: 200, seconds: 0.002 });
    metrics.request({ route: 'a"b\\c\nd', operation: 'query', status: 200, seconds: 3 });
    const text = metrics.render([]);
    expect(text).toContain('route="a\\"b\\\\c\\nd"');
    expect(text).toMatch(/_bucket\{route="a\\"b\\\\c\\nd",operation="query",le="0.0025"\} 1\n/);
    expect(text).toMatch(/_bucket\{route="a\\"b\\\\c\\nd",operation="query",le="5"\} 2\n/);
    expect(text).toMatch(/_bucket\{route="a\\"b\\\\c\\nd",operation="query",le="\+Inf"\} 2\n/);
  });
});
