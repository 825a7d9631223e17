import { SCRIPT, STYLE } from './assets';

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

let headers: Promise<Record<string, string>> | undefined;

/**
 * The security headers of every page: a strict Content-Security-Policy that allows only the one
 * inline style sheet and script by their hashes (hashes, not nonces, so a rendered page can be
 * cached and answered again byte for byte), images over https (products' photos are hosted by
 * their economies), forms posting to this origin only, no framing; nosniff and a referrer policy.
 */
export function pageSecurityHeaders(): Promise<Record<string, string>> {
  return (headers ??= Promise.all([sha256Base64(STYLE), sha256Base64(SCRIPT)]).then(([style, script]) => ({
    'content-security-policy': [
      "default-src 'none'",
      `style-src 'sha256-${style}'`,
      `script-src 'sha256-${script}'`,
      "img-src 'self' https: data:",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  })));
}
