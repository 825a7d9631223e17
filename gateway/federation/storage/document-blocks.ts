import { frame, unframe } from './framing';
import type { CanonicalProduct } from '../../../schemas/product';

/** Products per block: few enough that reading one product inflates little, enough to compress well. */
export const BLOCK_SIZE = 16;

/**
 * Compresses and inflates blocks (zlib's deflate format). Node passes node:zlib's synchronous
 * functions (a page's blocks inflate in well under a millisecond, and a harvest never queues
 * blocks); the Web Compression Streams are the default (Workers).
 */
export interface BlockCodec {
  deflate(bytes: Uint8Array): Uint8Array | Promise<Uint8Array>;
  inflate(bytes: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The Web-standard codec: Compression Streams, asynchronous. */
export const webBlockCodec: BlockCodec = {
  deflate: (bytes) => transform(bytes, new CompressionStream('deflate')),
  inflate: (bytes) => transform(bytes, new DecompressionStream('deflate')),
};

/**
 * Where a snapshot's encoded documents are kept: compressed blocks of `BLOCK_SIZE` canonical
 * records, numbered in the order the harvest handed them over. The port a Redis or KV adapter
 * would implement; memory (the blocks held by the snapshot) by default.
 */
export interface DocumentBlocks {
  readonly count: number;
  /** The compressed bytes of each block asked for, in the order asked (one look-up's blocks at once). */
  readMany(blocks: readonly number[]): Promise<Uint8Array[]>;
}

/** Blocks held in this process: dropped with the snapshot that holds them. */
export class MemoryBlocks implements DocumentBlocks {
  constructor(private readonly blocks: readonly Uint8Array[]) {}

  get count(): number {
    return this.blocks.length;
  }

  /** The blocks' compressed bytes. */
  async readMany(blocks: readonly number[]): Promise<Uint8Array[]> {
    return blocks.map((block) => {
      const bytes = this.blocks[block];
      if (!bytes) throw new RangeError(`no document block ${block}`);
      return bytes;
    });
  }

  /** The block's compressed bytes, at once (what the binary catalogue is written from). */
  at(block: number): Uint8Array {
    return this.blocks[block]!;
  }
}

/**
 * Encodes products as they arrive (UTF-8 JSON), a block at a time, compressing each full block in
 * the background, so that a harvest holds at most one block of encoded text besides the blocks.
 */
export class DocumentWriter {
  constructor(
    private readonly codec: BlockCodec = webBlockCodec,
    /** Told each product's JSON as it is encoded, UTF-8 (the change recording digests it). */
    private readonly onDocument?: (json: Uint8Array) => void,
  ) {}

  private pending: Uint8Array[] = [];
  private readonly blocks: Uint8Array[] = [];
  private readonly work: Array<Promise<void>> = [];
  private readonly inFlight = new Set<Promise<void>>();

  /** Adds the next product; its place in the blocks is the count added before it. */
  add(product: CanonicalProduct): void {
    const json = encoder.encode(JSON.stringify(product));
    this.onDocument?.(json);
    this.pending.push(json);
    if (this.pending.length === BLOCK_SIZE) this.flush();
  }

  /**
   * Resolves once at most `MAX_IN_FLIGHT` blocks are still being compressed: what a harvest awaits
   * between batches, so that an asynchronous codec never holds a catalogue's text in its queue.
   */
  async drained(): Promise<void> {
    // A block that failed still leaves the set; its error surfaces from `finish`, which awaits every block.
    while (this.inFlight.size > MAX_IN_FLIGHT) await Promise.race(this.inFlight).catch(() => {});
  }

  /** Every block, once the last one is compressed. */
  async finish(): Promise<MemoryBlocks> {
    if (this.pending.length) this.flush();
    await Promise.all(this.work);
    return new MemoryBlocks(this.blocks);
  }

  /** Compresses the full block now, or alongside the others when the codec is asynchronous. */
  private flush(): void {
    const packed = packBlock(this.pending, this.codec);
    this.pending = [];
    if (packed instanceof Uint8Array) {
      this.blocks.push(packed);
      return;
    }
    const at = this.blocks.length;
    this.blocks.push(EMPTY);
    const packing = packed.then((bytes) => {
      this.blocks[at] = bytes;
    });
    // A failure surfaces from `finish`; until then it must not count as unhandled.
    packing.catch(() => {}).finally(() => this.inFlight.delete(packing));
    this.inFlight.add(packing);
    this.work.push(packing);
  }
}

const EMPTY = new Uint8Array(0);
/** Blocks an asynchronous codec may compress at once before the harvest waits for it. */
const MAX_IN_FLIGHT = 64;

/** One block's records, decoded lazily: each record's JSON is parsed only when asked for. */
export interface UnpackedBlock {
  count: number;
  /** The JSON text of record i, as UTF-8 bytes. */
  bytes(i: number): Uint8Array;
  record(i: number): CanonicalProduct;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Packs JSON texts into one compressed block: the UTF-8 texts, framed (see `frame`), then compressed. */
export function packBlock(docs: readonly (string | Uint8Array)[], codec: BlockCodec = webBlockCodec): Uint8Array | Promise<Uint8Array> {
  return codec.deflate(frame(docs.map((d) => (typeof d === 'string' ? encoder.encode(d) : d))));
}

/** A compressed block back to its records. */
export async function unpackBlock(block: Uint8Array, codec: BlockCodec = webBlockCodec): Promise<UnpackedBlock> {
  const { count, part: bytes } = unframe(await codec.inflate(block));
  return { count, bytes, record: (i) => JSON.parse(decoder.decode(bytes(i))) as CanonicalProduct };
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // A write or close that fails errors the readable side too: the caller sees it from arrayBuffer() below.
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  void writer.close().catch(() => {});
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}
