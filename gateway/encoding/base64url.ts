/**
 * Bytes as unpadded base64url (RFC 4648 §5), and back: keys, cursors, sealed secrets and event ids
 * all speak it. Written as loops over the text, so its cost is linear in the input whatever it holds.
 */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const padded = btoa(binary);
  let end = padded.length;
  while (end > 0 && padded.charCodeAt(end - 1) === 61 /* = */) end--;
  return padded.slice(0, end).replaceAll('+', '-').replaceAll('/', '_');
}

/** The bytes of base64url text (padded or not); undefined when it is not base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || (c === 61 && i >= text.length - 2);
    if (!ok) return undefined;
  }
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
