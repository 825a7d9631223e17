import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagedWalk } from '../gateway/federation/catalogue/catalogue-walk';
import { CatalogueMovedError } from '../gateway/federation/shards/shard-walk';
import type { IndexedProduct } from '../gateway/federation/snapshot';
import { catalogueStream } from '../gateway/http/routes/catalogue-stream';
import { type Served, serveOnFreePort } from './helpers/serve';

/** A walk whose first page comes, then fails as a sharded walk does when a shard activates another harvest under it. */
async function* movedAfterOnePage(): AsyncGenerator<Array<{ id: string; record: IndexedProduct }>> {
  yield Array.from({ length: 3 }, (_, i) => ({ id: `p${i}`, record: { product: { id: `p${i}` } } as unknown as IndexedProduct }));
  throw new CatalogueMovedError(2);
}

let served: Served;
beforeAll(async () => {
  served = await serveOnFreePort(() => new Response(catalogueStream({ walk: pagedWalk(movedAfterOnePage()), item: (r) => `${r.product.id}\n` })));
});
afterAll(() => served.close());

describe('an export whose walk fails part way (issue 30: a shard activated another harvest under it)', () => {
  it('ends its transfer in error, never as a shorter file that looks whole', async () => {
    const response = await fetch(served.url);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    // The server still answers.
    const again = await fetch(served.url);
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});
