/**
 * Byte strings as one value: their count, then n + 1 offsets (where each starts, then where the
 * last ends), all little-endian u32s, then their bytes. Document blocks (before compression) and
 * stored pages of blocks are both laid out this way.
 */
export function frame(parts: readonly Uint8Array[]): Uint8Array {
  const head = 4 * (parts.length + 2);
  const out = new Uint8Array(head + parts.reduce((sum, p) => sum + p.byteLength, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, parts.length, true);
  let at = head;
  parts.forEach((part, i) => {
    view.setUint32(4 * (i + 1), at, true);
    out.set(part, at);
    at += part.byteLength;
  });
  view.setUint32(4 * (parts.length + 1), at, true);
  return out;
}

/** A framed value's parts, each a view of `bytes`; RangeError for a value cut short or a part it does not hold. */
export interface Framed {
  readonly count: number;
  part(i: number): Uint8Array;
}

/** `frame` undone, without copying. */
export function unframe(bytes: Uint8Array): Framed {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength >= 4 ? view.getUint32(0, true) : -1;
  const head = 4 * (count + 2);
  if (count < 0 || head > bytes.byteLength || view.getUint32(4 * (count + 1), true) > bytes.byteLength) throw new RangeError('truncated framed value');
  return {
    count,
    part(i) {
      if (!(Number.isInteger(i) && i >= 0 && i < count)) throw new RangeError(`no part ${i} in the framed value`);
      return bytes.subarray(view.getUint32(4 * (i + 1), true), view.getUint32(4 * (i + 2), true));
    },
  };
}
