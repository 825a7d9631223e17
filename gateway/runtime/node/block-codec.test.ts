import { describe, expect, it } from 'vitest';
import { packBlock, unpackBlock, webBlockCodec } from '../../federation/storage/document-blocks';
import { nodeBlockCodec } from './block-codec';

const docs = [JSON.stringify({ id: 'vn-ocop:A', name: { vi: 'Mật ong' } }), JSON.stringify({ id: 'jp-ovop:B', name: { ja: '抹茶' } })];

describe('the Node block codec', () => {
  it('packs synchronously, in the format the Web streams read, and back', async () => {
    const packed = packBlock(docs, nodeBlockCodec);
    expect(packed).toBeInstanceOf(Uint8Array);
    expect((await unpackBlock(packed as Uint8Array, webBlockCodec)).record(1)).toEqual({ id: 'jp-ovop:B', name: { ja: '抹茶' } });
    const web = await packBlock(docs, webBlockCodec);
    expect((await unpackBlock(web, nodeBlockCodec)).record(0)).toEqual({ id: 'vn-ocop:A', name: { vi: 'Mật ong' } });
  });
});

describe('a packed block', () => {
  it('holds only its own bytes, not zlib’s output chunk', () => {
    const packed = packBlock(docs, nodeBlockCodec) as Uint8Array;
    expect(packed.buffer.byteLength).toBe(packed.byteLength);
  });
});
