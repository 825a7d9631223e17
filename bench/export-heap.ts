/**
 * The export's heap after the change feed's readers, in one process and in a minute (issue 29):
 * `node --expose-gc --import tsx bench/export-heap.ts`, BENCH_EXPORT_HEAP_PRODUCTS (default 240000).
 *
 * Builds an index of synthetic products in memory, reads it the way 1,000 `/changes/stream`
 * clients read one event each (every read in flight at once, while garbage is made), and only then
 * walks it with `catalogueStream` as the export does, twice; then prints the heap used at its peak
 * during each walk above the heap settled before it. The order matters: V8 decides to allocate an
 * allocation site's objects straight in the old generation (pretenuring) from how many survive
 * the scavenges while the code is not yet optimized, so a reader that holds its records across
 * awaits before the export first runs decides it for code the export shares. `bench/changes.ts`
 * meets that state only in some runs (its export +2 to +349 MB above idle at 250,000 products);
 * this meets it every run (+300 MB of heap before `eachRecord`, +20 MB after, at 240,000).
 */
import type { CanonicalProduct } from '../schemas/product';
import { CatalogueIndex } from '../gateway/federation/catalogue/catalogue-index';
import { catalogueOf } from '../gateway/federation/catalogue/snapshot-catalogue';
import type { Snapshot } from '../gateway/federation/snapshot';
import { indexWalk } from '../gateway/federation/catalogue/catalogue-walk';
import { catalogueStream, STREAM_PAGE } from '../gateway/http/routes/catalogue-stream';
import { productDocumentText } from '../gateway/jsonld/product-document';
import { BUNDLED_RATES } from '../gateway/money/rates/bundled';
import { nodeBlockCodec } from '../gateway/runtime/node/block-codec';

const gc = (globalThis as { gc?: () => void }).gc;
const PRODUCTS = Number(process.env.BENCH_EXPORT_HEAP_PRODUCTS ?? 240_000);
const CONNECTORS = 6;
const options = { origin: 'https://gw.example', currency: null, rates: BUNDLED_RATES };
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A product of about 1 KB of JSON, with Thai text (two-byte strings, as the synthetic upstream's). */
const product = (connector: number, i: number): CanonicalProduct =>
  ({
    id: `c${connector}:P-${String(i).padStart(7, '0')}`,
    connector: `c${connector}`,
    localId: `P-${i}`,
    economy: 'TH',
    programme: 'OTOP',
    language: 'th',
    name: { th: `น้ำผึ้ง ${i} ป่า`, en: `Honey number ${i} from the forest` },
    description: { en: `Wild honey ${i} from Nan, collected by the women's group of Pua district in the dry season. `.repeat(3) },
    category: 'FOOD',
    price: { amount: `${100 + (i % 50)}.50`, currency: 'THB' },
    rating: { scheme: 'OTOP', value: 4, max: 5 },
    producer: { name: 'Nan women group', region: 'Nan' },
    origin: { country: 'TH', region: 'Nan', locality: 'Pua' },
    certifications: [{ scheme: 'HALAL' }, { scheme: 'ORGANIC', id: `X-${i}`, issuer: 'ACT', validUntil: '2027-01-01' }],
    labelLanguages: ['th', 'en'],
    images: [`https://img.example/${i}.jpg`],
    marketplaces: [{ name: 'Shop', url: `https://shop.example/${i}` }],
  }) as unknown as CanonicalProduct;

/** Heap used after full collections. */
function settled(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

/** 1,000 readers of one record each, all in flight at once, twenty times over, while garbage is made. */
async function streamReaders(index: CatalogueIndex): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const reads = Array.from({ length: 1000 }, (_, k) =>
      index.records([(round * 1000 + k) % index.size], { remember: false }).then(([record]) => productDocumentText(record!, options)),
    );
    let garbage: unknown[] = [];
    for (let i = 0; i < 200_000; i++) garbage.push({ i });
    garbage = [];
    await Promise.all(reads);
  }
}

/** One export's walk, read as fast as it comes; its heap used at the peak above the settled heap before. */
async function exportWalk(index: CatalogueIndex): Promise<{ seconds: number; bytes: number; heapPeak: number }> {
  const before = settled();
  let peak = before;
  let bytes = 0;
  let chunks = 0;
  const started = performance.now();
  const walk = indexWalk(index, { records: true, pageSize: STREAM_PAGE });
  const reader = catalogueStream({ walk, item: (record) => `${productDocumentText(record, options)}\n` }).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.byteLength;
    if (++chunks % 10 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    await turn();
  }
  return { seconds: (performance.now() - started) / 1000, bytes, heapPeak: peak - before };
}

async function main() {
  if (!gc) throw new Error('run with --expose-gc');
  const snapshots: Snapshot[] = [];
  for (let c = 0; c < CONNECTORS; c++) {
    const list = Array.from({ length: Math.ceil(PRODUCTS / CONNECTORS) }, (_, i) => product(c, i));
    const catalogue = await catalogueOf(list, { codec: nodeBlockCodec });
    snapshots.push({ connector: `c${c}`, catalogue, quarantined: [], records: list.length, fetchedAt: '2026-12-07T00:00:00.000Z' });
  }
  const index = new CatalogueIndex(snapshots);
  await streamReaders(index);
  for (let run = 1; run <= 2; run++) {
    const { seconds, bytes, heapPeak } = await exportWalk(index);
    console.log(
      `export ${run}: ${index.size} products, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s (${(index.size / seconds).toFixed(0)}/s); heap used at its peak +${(heapPeak / 1e6).toFixed(0)} MB`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
