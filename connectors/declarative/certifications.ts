import { canonicalCertificate } from '../core/certificate';
import { RecordError } from '../core/errors';
import { text } from '../core/fields';

const ALIASES: Record<string, string> = {
  ORGANIK: 'ORGANIC',
  ORGANICO: 'ORGANIC',
  HUU_CO: 'ORGANIC',
  IG: 'GI',
  JAS: 'JAS_ORGANIC',
  ORGANIC_JAS: 'JAS_ORGANIC',
  ISO_22000: 'ISO22000',
  THAI_FDA: 'FDA_TH',
  FDA_THAILAND: 'FDA_TH',
  FDA_PHILIPPINES: 'FDA_PH',
  P_IRT: 'PIRT',
};
const FIELDS = {
  scheme: ['scheme', 'type', 'kind', 'jenis', 'loai', 'skim'],
  id: ['id', 'number', 'no', 'nomor', 'so', 'nombor', 'certificate'],
  issuer: ['issuer', 'body', 'issuedBy', 'issued_by', 'penerbit', 'badan', 'authority'],
  validUntil: ['validUntil', 'valid_until', 'expires', 'expiry', 'expiryDate', 'berlaku_hingga', 'tamat', 'hieu_luc_den'],
};

/**
 * Certificates as catalogues write them: scheme codes (`HALAL`), `SCHEME:id[:issuer[:validUntil]]`
 * strings, separated lists, or objects with common field names in several languages.
 */
export function certificationsFrom(value: unknown): Array<Record<string, string>> {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[|;,]/) : [value];
  return items.flatMap((item, i) => {
    if (typeof item === 'string') {
      if (!item.trim()) return [];
      const [scheme = '', id, issuer, validUntil] = item.split(':').map((s) => s.trim());
      return [compactCert(scheme, id, issuer, validUntil)];
    }
    if (item && typeof item === 'object') {
      const pick = (names: string[]) => text(names.map((n) => (item as Record<string, unknown>)[n]).find((v) => v !== undefined && v !== null));
      return [compactCert(pick(FIELDS.scheme) ?? '', pick(FIELDS.id), pick(FIELDS.issuer), pick(FIELDS.validUntil))];
    }
    throw new RecordError(`certifications.${i}`, 'a certificate is a scheme code or an object');
  });
}

/** A manifest's schemes are codes as written, their spelling normalized and common aliases resolved (never unknown here: validation judges the code). */
function compactCert(kind: string, id?: string, issuer?: string, validUntil?: string): Record<string, string> {
  const scheme = (k: string) => {
    const code = k
      .normalize('NFKC')
      .trim()
      .toUpperCase()
      .replace(/[\s.-]+/g, '_');
    return ALIASES[code] ?? code;
  };
  return canonicalCertificate({ kind, id, issuer, validUntil }, { scheme, path: 'certifications' });
}
