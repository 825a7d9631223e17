/** What a heartbeat beats for: an open stream that sends a comment line when called. */
export interface Beating {
  beat(): void;
}

/** Calls `beat()` of each stream added at least every so often, until it is deleted. */
export interface Heartbeat {
  add(stream: Beating): void;
  delete(stream: Beating): void;
}

/**
 * One timer for every stream of the instance: every `everyMs` it beats for each stream added, so
 * a thousand idle streams hold one timer between them, not a thousand. It runs while any stream is
 * added and does not keep the process alive. A stream's first beat comes within `everyMs` of its
 * start. Not for Workers, where a request's timers are its own (see {@link OwnHeartbeats}).
 */
export class SharedHeartbeat implements Heartbeat {
  private readonly streams = new Set<Beating>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly everyMs: number) {}

  add(stream: Beating): void {
    this.streams.add(stream);
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A stream that fails to beat may delete itself meanwhile; a Set's iteration allows it.
      for (const each of this.streams) each.beat();
    }, this.everyMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  delete(stream: Beating): void {
    this.streams.delete(stream);
    if (this.streams.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  /** Streams beaten for now. */
  get size(): number {
    return this.streams.size;
  }
}

/**
 * A timer per stream, made by the request that opened it: for Workers, where a request's timers
 * belong to it and no request may write to another's stream.
 */
export class OwnHeartbeats implements Heartbeat {
  private readonly timers = new Map<Beating, ReturnType<typeof setInterval>>();

  constructor(private readonly everyMs: number) {}

  add(stream: Beating): void {
    if (this.timers.has(stream)) return;
    const timer = setInterval(() => stream.beat(), this.everyMs);
    (timer as { unref?: () => void }).unref?.();
    this.timers.set(stream, timer);
  }

  delete(stream: Beating): void {
    clearInterval(this.timers.get(stream));
    this.timers.delete(stream);
  }

  /** Streams beaten for now. */
  get size(): number {
    return this.timers.size;
  }
}
