import type { ChangeLog } from '../../gateway/changes/change-log';
import type { ProductChange } from '../../gateway/changes/event';
import { eventId } from '../../gateway/changes/event-id';
import { recordHarvest } from '../../gateway/changes/record';
import type { Federation } from '../../gateway/federation/federation';
import type { CanonicalProduct } from '../../schemas/product';

/** Every product the gateway serves, grouped by connector. */
export async function productsByConnector(federation: Federation): Promise<Map<string, CanonicalProduct[]>> {
  const index = await federation.index();
  const records = await index.records(Array.from({ length: index.size }, (_, doc) => doc));
  const groups = new Map<string, CanonicalProduct[]>();
  for (const { product } of records) {
    let group = groups.get(product.connector);
    if (!group) groups.set(product.connector, (group = []));
    group.push(product);
  }
  return groups;
}

/**
 * Records one harvest per connector in which every product's price moved to round `round` (the
 * first round creates them): as many events as products, each with its own id.
 */
export async function recordRound(
  log: ChangeLog,
  groups: Map<string, CanonicalProduct[]>,
  round: number,
  now = new Date('2026-12-07T12:00:00Z'),
): Promise<number> {
  let written = 0;
  for (const [connector, products] of groups) {
    const moved = products.map((p) => ({ ...p, price: { amount: `${100 + round}.00`, currency: p.price?.currency ?? 'USD' } }));
    const recorded = await recordHarvest(log, { connector, economy: products[0]!.economy, harvest: { complete: true, products: moved }, now });
    written += recorded.written.length;
  }
  return written;
}

/** What `appendChange` writes: a product's event of `version` (1 CREATED, after that UPDATED). */
export interface AppendChangeOptions {
  productId: string;
  /** @default 1 */
  version?: number;
  /** @default 'JP' */
  economy?: string;
  /** @default '2026-12-01T00:00:00.000Z' */
  occurredAt?: string;
  /** Characters added to the price change's `after`, to make the event larger. @default 0 */
  padding?: number;
}

/**
 * Appends one event of a product with its row, straight into a log (no harvest): its id derived
 * from the product and version as a harvest's is, its connector the id's prefix. Answers the event.
 */
export async function appendChange(log: ChangeLog, options: AppendChangeOptions): Promise<ProductChange> {
  const { productId, version = 1, economy = 'JP', occurredAt = '2026-12-01T00:00:00.000Z', padding = 0 } = options;
  const type = version === 1 ? 'CREATED' : 'UPDATED';
  const event: ProductChange = {
    id: await eventId({ productId, type, version, before: `h${version - 1}`, after: `h${version}` }),
    type,
    occurredAt,
    productId,
    economy,
    connector: productId.split(':')[0]!,
    version,
    aspects: ['PRICE'],
    changes: [{ path: 'price.amount', before: null, after: `${version}${'x'.repeat(padding)}` }],
    compliance: null,
    category: null,
    certifications: [],
  };
  const row = { productId, version, hash: `h${version}`, fields: {} };
  await log.append({ connector: event.connector, economy, commits: [{ productId, baseVersion: version - 1, events: [event], row }] });
  return event;
}

/** One Server-Sent Event as the reader parsed it. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A Server-Sent Events reader over a fetch body: events in order, comments counted. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  comments = 0;

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event, or null when the stream ends. */
  async next(): Promise<SseEvent | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event: SseEvent = { data: '' };
        let fields = 0;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            this.comments++;
            continue;
          }
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'id') event.id = value;
          else if (name === 'event') event.event = value;
          else if (name === 'data') event.data = event.data ? `${event.data}\n${value}` : value;
          else continue;
          fields++;
        }
        if (fields > 0) return event;
        continue;
      }
      const { value, done } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Stops reading: the connection closes, as a reader that went away. */
  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

/** Polls `check` until it holds, at most `timeoutMs` (no fixed sleeps). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
