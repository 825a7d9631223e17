import { expect } from 'vitest';
import { type FeedCatalogue, feedItem } from './feed-catalogue';

/** What the feed suites call on a gateway, Node or Workers. */
export interface FeedGateway {
  url: string;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
}

/** productChanges with everything the feed suites compare. */
export const CHANGES_QUERY = /* GraphQL */ `
  query($after: String, $first: Int, $filter: ChangeFilter) {
    productChanges(after: $after, first: $first, filter: $filter) {
      edges { cursor node { id type occurredAt productId version aspects changes { path before after } product { id }
        compliance { destination from to checks { code status } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/**
 * Waits until the built-in catalogues' first harvests are in the feed, each economy's first event
 * readable from GET /changes: the first request started them and did not wait for their recording.
 */
export async function expectBuiltInsRecorded(url: string, timeout: number): Promise<void> {
  for (const economy of ['JP', 'ID', 'MY', 'VN']) {
    const recorded = async () => (await (await fetch(`${url}/changes?economy=${economy}&limit=1`)).json()).data.length;
    await expect.poll(recorded, { timeout, interval: 500, message: economy }).toBe(1);
  }
}

/**
 * The change feed of one registered connector as a client reads it (productChanges, GET /changes,
 * the export), over real HTTP: what test/edge-change-feed.test.ts and test/edge-shards-feed.test.ts
 * share. `gateway` is asked each time (a suite restarts its gateway), `key` is the economy's key.
 */
export function feedClient(options: { gateway: () => FeedGateway; connector: string; key: () => string; economy?: string }) {
  const { connector, economy = 'PH' } = options;
  const as = () => ({ authorization: `Bearer ${options.key()}` });
  const client = {
    /** refreshConnector, checked for errors: its status and product count. */
    async refresh(): Promise<{ status: string; productCount: number }> {
      const { data, errors } = await options
        .gateway()
        .graphql('mutation($id: String!) { refreshConnector(id: $id) { status productCount } }', { id: connector }, as());
      expect(errors, JSON.stringify(errors)).toBeUndefined();
      return data.refreshConnector;
    },

    /** The feed's head cursor. */
    async head(): Promise<string> {
      return (await options.gateway().graphql('{ changeFeed { headCursor } }')).data.changeFeed.headCursor;
    },

    /** Every change of the connector after `after`, page by page (other catalogues write to the same log). */
    async changesAfter(after: string | null, first = 100, gateway = options.gateway()): Promise<any[]> {
      const nodes: any[] = [];
      let cursor = after;
      for (let page = 0; page < 100; page++) {
        const { data, errors } = await gateway.graphql(CHANGES_QUERY, { after: cursor, first, filter: { connectors: [connector] } });
        expect(errors, JSON.stringify(errors)).toBeUndefined();
        nodes.push(...data.productChanges.edges.map((e: any) => ({ ...e.node, cursor: e.cursor })));
        cursor = data.productChanges.pageInfo.endCursor;
        if (!data.productChanges.pageInfo.hasNextPage) return nodes;
      }
      throw new Error('the feed never ended');
    },

    /** GET /changes after `after`, every page, for the connector. */
    async cloudEventsAfter(after: string): Promise<any[]> {
      const events: any[] = [];
      for (let cursor = after, more = true; more; ) {
        const response = await fetch(`${options.gateway().url}/changes?connector=${connector}&limit=500&after=${encodeURIComponent(cursor)}`);
        expect(response.status).toBe(200);
        const body = await response.json();
        events.push(...body.data);
        [cursor, more] = [body.next, body.hasMore];
      }
      return events;
    },

    /** The economy's export: its X-Changes-Cursor and each product's JSON-LD document by id. */
    async exported(): Promise<{ cursor: string; products: Map<string, any> }> {
      const response = await fetch(`${options.gateway().url}/exports/products.ndjson?economy=${economy}`);
      expect(response.status).toBe(200);
      const cursor = response.headers.get('x-changes-cursor')!;
      expect(cursor).toMatch(/^c1\./);
      const products = new Map<string, any>();
      for (const line of (await response.text()).split('\n').filter(Boolean)) {
        const document = JSON.parse(line);
        products.set(document.identifier, document);
      }
      return { cursor, products };
    },

    /**
     * The gapless handover (docs/contract.md, "Keeping in sync"): an export, then a price change, a
     * delisting, a stock change and a new product at the source, a refresh; productChanges after the
     * export's cursor answers exactly those four events, GET /changes the same ids, and the export
     * with them applied is the export taken after. The catalogue holds items 1 to 10, item 3 with
     * stock (IN_STOCK), as registered.
     */
    async expectGaplessHandover(catalogue: FeedCatalogue, idOf: (n: number) => string): Promise<void> {
      const copy = await client.exported();
      expect(copy.products.size).toBe(10);

      catalogue.items[0] = feedItem(1, { price: '₱250.50' }); // a price change
      catalogue.items.splice(1, 1); // a delisting (item 2)
      catalogue.items[1] = feedItem(3, { stock: 0 }); // out of stock
      catalogue.items.push(feedItem(11)); // a new product
      expect(await client.refresh()).toEqual({ status: 'UP', productCount: 10 });

      const changes = await client.changesAfter(copy.cursor);
      expect(changes).toHaveLength(4);
      const byProduct = new Map(changes.map((c) => [c.productId, c]));
      expect(byProduct.get(idOf(1))).toMatchObject({
        type: 'UPDATED',
        version: 2,
        aspects: ['PRICE'],
        changes: [{ path: 'price.amount', before: '101', after: '250.5' }],
        product: { id: idOf(1) },
      });
      expect(byProduct.get(idOf(2))).toMatchObject({ type: 'REMOVED', version: 2, changes: [], product: null });
      expect(byProduct.get(idOf(3))).toMatchObject({
        type: 'UPDATED',
        version: 2,
        aspects: ['AVAILABILITY'],
        changes: [{ path: 'availability', before: 'IN_STOCK', after: 'OUT_OF_STOCK' }],
      });
      expect(byProduct.get(idOf(11))).toMatchObject({ type: 'CREATED', version: 1, product: { id: idOf(11) } });

      // GET /changes: the same ids, in the same order, as CloudEvents.
      const events = await client.cloudEventsAfter(copy.cursor);
      expect(events.map((e) => e.id)).toEqual(changes.map((c) => c.id));
      for (const event of events) {
        expect(event).toMatchObject({ specversion: '1.0', source: `/connectors/${connector}`, datacontenttype: 'application/json' });
      }
      expect(events.map((e) => [e.subject, e.type])).toEqual(changes.map((c) => [c.productId, `ovop.product.${c.type.toLowerCase()}`]));

      // The export with the events applied in order is the export taken now, product by product
      // (but for `fetchedAt`: when a product was fetched is not a change).
      for (const event of events) {
        if (event.data.product === null) copy.products.delete(event.subject);
        else copy.products.set(event.subject, event.data.product);
      }
      const fresh = await client.exported();
      expect([...copy.products.keys()].sort()).toEqual([...fresh.products.keys()].sort());
      const content = ({ fetchedAt: _, ...document }: any) => document;
      for (const [id, document] of fresh.products) expect(content(copy.products.get(id)), id).toEqual(content(document));
    },
  };
  return client;
}
