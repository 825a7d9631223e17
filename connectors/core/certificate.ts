import { RecordError } from './errors';
import { compact, text } from './fields';

/** A certificate as a source writes it: its kind in the source's words, and what it says of itself. */
export interface SourceCertificate {
  kind: unknown;
  id?: unknown;
  issuer?: unknown;
  validUntil?: unknown;
}

export interface CertificateOptions {
  /** The canonical scheme code for a source's kind; undefined when the source's kind is unknown. */
  scheme: (kind: string) => string | undefined;
  /** Where an unknown kind is reported in the quarantine (e.g. `certifications.2.scheme`). */
  path: string;
}

/**
 * One certificate as the canonical record holds it (scheme, id, issuer, validUntil; absent parts
 * left out), the mapping every connector shares: a kind the source's table does not know quarantines
 * the record at `path` rather than inventing a scheme.
 */
export function canonicalCertificate(source: SourceCertificate, options: CertificateOptions): Record<string, string> {
  const kind = source.kind === undefined || source.kind === null ? '' : String(source.kind);
  const scheme = options.scheme(kind);
  if (scheme === undefined) throw new RecordError(options.path, `unknown certificate type "${kind}"`);
  return compact({ scheme, id: text(source.id), issuer: text(source.issuer), validUntil: text(source.validUntil) }) as Record<string, string>;
}
