import { type IncomingMessage, ServerResponse } from 'node:http';

/** Responses ended in this round of the event loop, written together when it is done. */
let ending: Array<() => void> | undefined;

function writeEnded(): void {
  const ends = ending!;
  ending = undefined;
  for (const end of ends) end();
}

/** Ends a response; what Node would have thrown at the caller (a bad chunk) closes its connection instead. */
function endOrDestroy(response: ServerResponse, end: () => void): void {
  try {
    end();
  } catch {
    response.destroy();
  }
}

/**
 * A Node response whose last write waits for the end of the event loop's current round of I/O
 * callbacks, then goes out with every other response ended in that round (as uWebSockets corks a
 * round's writes). Under load a round answers many connections; written one by one, between the
 * requests still being handled, each write wakes the reader again (on a VM, an interrupt to an idle
 * vCPU: a third of the gateway's CPU per cached answer in `npm run bench`). Written together, one wake-up
 * serves them all. A response waits at most for the round it was ended in; order per connection is
 * Node's, as before. Given to Node as `createServer`'s `ServerResponse`.
 */
export class CoalescedResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  // The signature is Node's overloads': (callback?), (chunk, callback?), (chunk, encoding, callback?).
  override end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    const end = () => endOrDestroy(this, () => super.end(chunk as string, encoding as BufferEncoding, callback as () => void));
    if (!ending) {
      ending = [];
      setImmediate(writeEnded);
    }
    ending.push(end);
    return this;
  }
}
