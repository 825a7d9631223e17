/**
 * A weak entity tag naming `parts` (the state version and everything else the answer depends on):
 * 64 bits of two FNV-1a hashes, so that answers are tagged without reading or hashing their bytes.
 * Not a secret and not a signature: a tag only lets a client keep what it already has.
 */
export function weakEtag(parts: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < parts.length; i++) {
    const code = parts.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193) ^ (b >>> 15);
  }
  return `W/"${(a >>> 0).toString(36)}-${(b >>> 0).toString(36)}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag` (RFC 9110 §13.1.2: weak comparison, a list or `*`).
 * Linear in the header's length.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if (tag === '*' || tag === bare || (tag.startsWith('W/') && tag.slice(2) === bare)) return true;
  }
  return false;
}
