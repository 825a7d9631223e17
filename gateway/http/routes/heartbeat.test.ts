import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Beating, OwnHeartbeats, SharedHeartbeat } from './heartbeat';

const stream = () => {
  const beating = { beats: 0, beat: () => void beating.beats++ };
  return beating satisfies Beating;
};

describe.each([
  ['SharedHeartbeat', (ms: number) => new SharedHeartbeat(ms)],
  ['OwnHeartbeats', (ms: number) => new OwnHeartbeats(ms)],
])('%s', (_, make) => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('beats for each stream added until it is deleted, and holds no timer once none is left', () => {
    const heartbeat = make(1000);
    const a = stream();
    const b = stream();
    heartbeat.add(a);
    heartbeat.add(b);
    vi.advanceTimersByTime(2000);
    expect([a.beats, b.beats]).toEqual([2, 2]);
    heartbeat.delete(a);
    vi.advanceTimersByTime(1000);
    expect([a.beats, b.beats]).toEqual([2, 3]);
    heartbeat.delete(b);
    expect(heartbeat.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a stream delete itself while it beats', () => {
    const heartbeat = make(1000);
    const leaving: Beating = { beat: () => heartbeat.delete(leaving) };
    const staying = stream();
    heartbeat.add(leaving);
    heartbeat.add(staying);
    vi.advanceTimersByTime(2000);
    expect(staying.beats).toBe(2);
    expect(heartbeat.size).toBe(1);
  });
});

describe('SharedHeartbeat', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('holds one timer for every stream', () => {
    const heartbeat = new SharedHeartbeat(1000);
    for (let i = 0; i < 100; i++) heartbeat.add(stream());
    expect(vi.getTimerCount()).toBe(1);
  });
});
