/** SHA-256 of a secret, hex: what is stored in place of a key. */
export async function sha256Hex(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares two secrets in constant time: both are hashed first, so neither their contents nor
 * their lengths shape the time taken.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ y.charCodeAt(i);
  return diff === 0;
}

/** The bearer token of an Authorization header's value, if any. */
export function bearerFrom(authorization: string | null | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** The bearer token of a request's Authorization header, if any. */
export function bearerToken(request: Request): string | undefined {
  return bearerFrom(request.headers.get('authorization'));
}
