import { CONTEXT_PATH } from '../../schemas/jsonld/context';
import type { ComplianceReport } from '../compliance/evaluate';

/** A compliance report as a JSON-LD document, linked to its product. */
export function complianceDocument(report: ComplianceReport, origin: string, assessedOn: string): Record<string, unknown> {
  const product = `${origin}/products/${encodeURIComponent(report.productId)}`;
  return {
    '@context': `${origin}${CONTEXT_PATH}`,
    id: `${product}/compliance/${report.destination}`,
    type: 'ComplianceReport',
    product,
    destination: report.destination,
    complianceStatus: report.status,
    assessedOn,
    check: report.checks.map((c) => ({
      type: 'ComplianceCheck',
      checkCode: c.code,
      mandatory: c.level === 'MANDATORY',
      requirement: c.requirement,
      checkStatus: c.status,
      ...(c.detail && { detail: c.detail }),
      legalReference: c.reference,
      ruleLevel: c.level,
      lastChecked: c.lastChecked,
    })),
  };
}
