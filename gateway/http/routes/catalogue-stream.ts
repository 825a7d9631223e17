import type { CatalogueIndex } from '../../federation/catalogue/catalogue-index';
import type { IndexedProduct } from '../../federation/snapshot';

/** Products read per page of a streamed answer: a page's records and text are all it holds at once. @default 200 */
export const STREAM_PAGE = 200;

const encoder = new TextEncoder();

export interface CatalogueStreamOptions {
  index: CatalogueIndex;
  /** Only this economy's products (ISO 3166-1 alpha-2, upper case); all when null. */
  economy: string | null;
  /** Text before the first product (an XML prolog), if any. */
  head?: string;
  /** The text of one product. */
  item: (product: IndexedProduct) => string;
  /** Text after the last product, if any. */
  tail?: string;
  /** Products a page. @default STREAM_PAGE */
  pageSize?: number;
}

/**
 * The whole catalogue as a byte stream, a page of the index at a time as the reader pulls: the
 * index's numbering is walked once, the records of one page are read, turned into text, handed
 * over and let go, so memory stays at a page however large the catalogue.
 */
export function catalogueStream({ index, economy, head, item, tail, pageSize = STREAM_PAGE }: CatalogueStreamOptions): ReadableStream<Uint8Array> {
  const { economies, economy: economyOf } = index.columns;
  const wanted = economy === null ? -1 : economies.indexOf(economy);
  let doc = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (head) return controller.enqueue(encoder.encode(head));
        }
        const docs: number[] = [];
        while (doc < index.size && docs.length < pageSize) {
          if (economy === null || economyOf[doc] === wanted) docs.push(doc);
          doc++;
        }
        if (docs.length === 0) {
          if (tail) controller.enqueue(encoder.encode(tail));
          controller.close();
          return;
        }
        // A walk over the whole catalogue: read without remembering, each record let go as its text is made.
        let text = '';
        await index.eachRecord(docs, (record) => {
          text += item(record);
        });
        controller.enqueue(encoder.encode(text));
      },
    },
    { highWaterMark: 0 },
  );
}
