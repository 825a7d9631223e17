import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { BLOCK_SIZE, DocumentWriter, packBlock, unpackBlock, webBlockCodec, type BlockCodec } from './document-blocks';

const product = (i: number) =>
  ({ id: `vn-ocop:P-${i}`, name: { vi: `Mật ong ${i}`, en: `Honey ${i}` }, price: { amount: '120000.50', currency: 'VND' } }) as unknown as CanonicalProduct;

describe('document blocks', () => {
  it('gives back each record exactly, in any block, whatever its text (non-Latin too)', async () => {
    const writer = new DocumentWriter();
    const count = BLOCK_SIZE * 2 + 5;
    for (let i = 0; i < count; i++) writer.add(product(i));
    const blocks = await writer.finish();
    expect(blocks.count).toBe(3);
    const last = await unpackBlock((await blocks.readMany([2]))[0]!);
    expect(last.count).toBe(5);
    expect(last.record(4)).toEqual(product(count - 1));
    const first = await unpackBlock((await blocks.readMany([0]))[0]!);
    expect(first.record(0)).toEqual(product(0));
    expect(new TextDecoder().decode(first.bytes(1))).toBe(JSON.stringify(product(1)));
  });

  it('keeps a catalogue compressed: a block of similar records is several times smaller than its text', async () => {
    const texts = Array.from({ length: BLOCK_SIZE }, (_, i) => JSON.stringify(product(i)));
    const packed = await packBlock(texts);
    expect(packed.byteLength * 3).toBeLessThan(texts.join('').length);
  });

  it('refuses a block it does not hold', async () => {
    const blocks = await new DocumentWriter().finish();
    await expect(blocks.readMany([0])).rejects.toThrow(RangeError);
  });
});

describe('a harvest through an asynchronous codec', () => {
  it('is held back while too many blocks wait to be compressed, and let go once they are', async () => {
    const waiting: Array<() => void> = [];
    const slow: BlockCodec = {
      deflate: (bytes) => new Promise((resolve) => waiting.push(() => resolve(webBlockCodec.deflate(bytes)))),
      inflate: webBlockCodec.inflate,
    };
    const writer = new DocumentWriter(slow);
    for (let i = 0; i < BLOCK_SIZE * 100; i++) writer.add(product(i));
    let drained = false;
    const pacing = writer.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(drained).toBe(false);
    for (const release of waiting.splice(0)) release();
    await pacing;
    expect(drained).toBe(true);
    const blocks = await writer.finish();
    expect((await unpackBlock((await blocks.readMany([99]))[0]!)).record(BLOCK_SIZE - 1)).toEqual(product(BLOCK_SIZE * 100 - 1));
  });
});
