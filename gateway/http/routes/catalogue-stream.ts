import type { CatalogueWalk } from '../../federation/catalogue/catalogue-walk';
import type { IndexedProduct } from '../../federation/snapshot';

/** Products read per page of a streamed answer: a page's records and text are all it holds at once. @default 200 */
export const STREAM_PAGE = 200;

const encoder = new TextEncoder();

export interface CatalogueStreamOptions {
  /** The catalogue's products, a page at a time, with their records (`Federation.walk`). */
  walk: CatalogueWalk;
  /** Text before the first product (an XML prolog), if any. */
  head?: string;
  /** The text of one product. */
  item: (product: IndexedProduct) => string;
  /** Text after the last product, if any. */
  tail?: string;
}

/**
 * The whole catalogue as a byte stream, a page of the walk at a time as the reader pulls: the
 * records of one page are read (from the index, or from the shards that hold them), turned into
 * text, handed over and let go, so memory stays at a page however large the catalogue. A reader
 * that goes away ends the walk.
 */
export function catalogueStream({ walk, head, item, tail }: CatalogueStreamOptions): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (head) return controller.enqueue(encoder.encode(head));
        }
        // A walk over the whole catalogue: read without remembering, each record let go as its text is made.
        let text = '';
        const more = await walk.next((_, record) => {
          text += item(record!);
        });
        if (!more) {
          if (tail) controller.enqueue(encoder.encode(tail));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(text));
      },
      cancel: () => walk.close(),
    },
    { highWaterMark: 0 },
  );
}
