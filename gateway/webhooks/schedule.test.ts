import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, jittered, MAX_RETRY_AFTER_MS, nextRetryDelay, parseRetryAfter, parseRetrySchedule } from './schedule';

describe('the retry schedule', () => {
  it('parses WEBHOOK_RETRY_SCHEDULE, the default included', () => {
    expect(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(parseRetrySchedule(' 250ms, 1d ')).toEqual([250, 86_400_000]);
  });

  it('refuses what is not a schedule, naming the entry', () => {
    expect(() => parseRetrySchedule('5s,,5m')).toThrow(/""/);
    expect(() => parseRetrySchedule('5 minutes')).toThrow(/5 minutes/);
    expect(() => parseRetrySchedule('8d')).toThrow(/7 days/);
    expect(() => parseRetrySchedule('-5s')).toThrow();
    expect(() => parseRetrySchedule(Array(51).fill('1s').join(','))).toThrow(/50/);
  });

  it('jitters within ±20 %', () => {
    expect(jittered(10_000, () => 0)).toBe(8_000);
    expect(jittered(10_000, () => 0.5)).toBe(10_000);
    expect(jittered(10_000, () => 0.999999)).toBe(12_000);
  });

  it('follows the schedule, lets Retry-After win (capped at 24 h), and runs out', () => {
    const schedule = [5_000, 300_000];
    const now = Date.parse('2026-12-01T00:00:00Z');
    const half = () => 0.5;
    expect(nextRetryDelay({ schedule, failures: 1, now, random: half })).toBe(5_000);
    expect(nextRetryDelay({ schedule, failures: 2, now, random: half })).toBe(300_000);
    expect(nextRetryDelay({ schedule, failures: 3, now, random: half })).toBeNull();
    expect(nextRetryDelay({ schedule, failures: 1, now, retryAfter: '120' })).toBe(120_000);
    expect(nextRetryDelay({ schedule, failures: 1, now, retryAfter: '999999' })).toBe(MAX_RETRY_AFTER_MS);
    expect(nextRetryDelay({ schedule, failures: 1, now, retryAfter: 'Tue, 01 Dec 2026 00:10:00 GMT' })).toBe(600_000);
    expect(nextRetryDelay({ schedule, failures: 3, now, retryAfter: '1' })).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Mon, 30 Nov 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter(`${'9'.repeat(100)}`, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
