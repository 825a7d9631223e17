import { describe, expect, it } from 'vitest';
import { createSampler, formatTraceparent, parseTraceparent, randomHex, traceIdLow } from './trace-context';

describe('W3C traceparent', () => {
  it('reads the parent and its sampling flag, and refuses malformed or all-zero ids', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.sampled).toBe(false);
    for (const bad of [
      undefined,
      '',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
    expect(formatTraceparent({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) })).toBe(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`);
  });

  it('draws distinct ids of the right length', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => randomHex(8)));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('samplers (OTEL_TRACES_SAMPLER)', () => {
  const ids = Array.from({ length: 4000 }, () => traceIdLow(randomHex(16)));
  it('keeps about the ratio of new traces, decided by the trace id', () => {
    const tenth = createSampler('traceidratio', 0.1);
    const kept = ids.filter((id) => tenth(id)).length;
    expect(kept).toBeGreaterThan(250);
    expect(kept).toBeLessThan(550);
    const again = createSampler('traceidratio', 0.1);
    expect(ids.every((id) => again(id) === tenth(id))).toBe(true);
    expect(ids.some((id) => createSampler('always_off')(id))).toBe(false);
    expect(ids.every((id) => createSampler('always_on')(id))).toBe(true);
  });

  it('follows a remote parent when parent-based, whatever the ratio', () => {
    const sampler = createSampler('parentbased_traceidratio', 0);
    const traceId = 'a'.repeat(32);
    expect(sampler(ids[0]!, { traceId, spanId: 'b'.repeat(16), sampled: true })).toBe(true);
    expect(createSampler('parentbased_always_on')(ids[0]!, { traceId, spanId: 'b'.repeat(16), sampled: false })).toBe(false);
    expect(sampler(ids[0]!)).toBe(false);
  });
});
