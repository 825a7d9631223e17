import type { ChangeEntry } from '../../changes/change-log';
import { CursorExpiredError } from '../../changes/errors';
import type { ChangeFollower } from '../../changes/tail';
import type { Beating, Heartbeat } from './heartbeat';

/** Who a stream's events are written for: the origin its links use and the currency its prices show. */
export interface Audience {
  readonly origin: string;
  readonly currency: string | null;
}

/** An event's text as a stream sends it (`id:`, `event:`, `data:` and a blank line), for its audience. */
export type EventText = (entry: ChangeEntry, audience: Audience) => Promise<string>;

export interface ChangeStreamSourceOptions extends Audience {
  follower: ChangeFollower;
  text: EventText;
  heartbeat: Heartbeat;
  /**
   * The request's signal, where a reader that goes away ends the request without cancelling its
   * body (workerd): its abort lets the follower go. Omitted where the body is cancelled (Node).
   */
  signal?: AbortSignal;
}

const encoder = new TextEncoder();
const OPENING = ': ovop change stream\nretry: 1000\n\n';

/**
 * One `/changes/stream` answer's underlying source: an opening comment, then each change its
 * follower gives, a comment line at each heartbeat while idle, and a closing event when the
 * follower ends without the reader asking. Methods, not closures, and no reference to the request
 * or its context: an idle stream keeps its follower, its audience and this object, nothing else
 * of the request that opened it.
 */
export class ChangeStreamSource implements UnderlyingDefaultSource<Uint8Array>, Beating {
  readonly origin: string;
  readonly currency: string | null;
  private readonly follower: ChangeFollower;
  private readonly text: EventText;
  private readonly heartbeat: Heartbeat;
  private readonly signal: AbortSignal | undefined;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** The reader went away (cancel, or the request's abort): nothing more is enqueued. */
  private gone = false;

  constructor(options: ChangeStreamSourceOptions) {
    this.origin = options.origin;
    this.currency = options.currency;
    this.follower = options.follower;
    this.text = options.text;
    this.heartbeat = options.heartbeat;
    this.signal = options.signal;
  }

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = controller;
    // A comment first, so the answer's headers leave at once; then one at each heartbeat.
    controller.enqueue(encoder.encode(OPENING));
    this.heartbeat.add(this);
    // This object is the listener (its handleEvent): no closure per stream.
    this.signal?.addEventListener('abort', this, { once: true });
  }

  pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    // Idle, it waits on the follower's one promise, not in an awaited next(): that would keep both
    // async frames (next's and this one's) for as long as the stream is idle.
    const ready = this.follower.ready();
    return ready ? ready.then(() => this.send(controller)) : this.send(controller);
  }

  /** The next change, or the closing event once the follower has ended. */
  private async send(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    let entry: ChangeEntry | null = null;
    let failure: unknown = null;
    try {
      entry = await this.follower.next();
    } catch (error) {
      failure = error;
      this.follower.close();
    }
    if (entry) {
      const text = await this.text(entry, this);
      if (!this.gone) controller.enqueue(encoder.encode(text));
      return;
    }
    this.heartbeat.delete(this);
    if (this.gone) return;
    // Ended without the reader asking: say why, so it knows to reconnect with Last-Event-ID.
    const reason = failure instanceof CursorExpiredError ? 'cursor-expired' : failure ? 'error' : (this.follower.ended ?? 'closed');
    controller.enqueue(encoder.encode(`event: ovop.stream.closed\ndata: ${JSON.stringify({ reason, resume: 'reconnect with Last-Event-ID' })}\n\n`));
    controller.close();
  }

  cancel(): void {
    this.leave();
  }

  /** The request's abort (an EventListener object). */
  handleEvent(): void {
    this.leave();
  }

  /** A comment line, so proxies keep an idle stream open; a stream that can take no more stops beating. */
  beat(): void {
    try {
      this.controller!.enqueue(encoder.encode(':\n\n'));
    } catch {
      this.heartbeat.delete(this);
    }
  }

  private leave(): void {
    this.gone = true;
    this.heartbeat.delete(this);
    this.signal?.removeEventListener('abort', this);
    this.follower.close();
  }
}
