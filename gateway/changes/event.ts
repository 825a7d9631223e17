import type { ComplianceCheck, ComplianceStatus } from '../compliance/evaluate';

/** What happened to a product (docs/contract.md, "Keeping in sync: the change feed"). */
export const PRODUCT_CHANGE_TYPES = ['CREATED', 'UPDATED', 'REMOVED', 'COMPLIANCE_CHANGED', 'CERTIFICATE_EXPIRING'] as const;
export type ProductChangeType = (typeof PRODUCT_CHANGE_TYPES)[number];

/** Which part of a product a change touches; an event lists them in this order. */
export const CHANGE_ASPECTS = ['CONTENT', 'PRICE', 'AVAILABILITY', 'RATING', 'CERTIFICATION', 'IMAGES', 'COMPLIANCE'] as const;
export type ChangeAspect = (typeof CHANGE_ASPECTS)[number];

/** The CloudEvents `type` of each change type. */
export const CLOUD_EVENT_TYPES: Readonly<Record<ProductChangeType, string>> = {
  CREATED: 'ovop.product.created',
  UPDATED: 'ovop.product.updated',
  REMOVED: 'ovop.product.removed',
  COMPLIANCE_CHANGED: 'ovop.compliance.changed',
  CERTIFICATE_EXPIRING: 'ovop.certificate.expiring',
};

/** A JSON value as a field holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One changed field: `price.amount`, `certifications.HALAL.validUntil`, `name.vi`. Absent is null. */
export interface FieldChange {
  path: string;
  before: JsonValue;
  after: JsonValue;
}

/** A destination's report status before and after, with the checks whose outcome changed. */
export interface ComplianceTransition {
  destination: string;
  /** Null when the destination had no recorded status before. */
  from: ComplianceStatus | null;
  to: ComplianceStatus;
  checks: ComplianceCheck[];
  /** RFC 3339: when the transition was noticed (a harvest, or the sweep on the day a validUntil passed). */
  effectiveAt: string;
}

/**
 * A change as the log stores it: everything every reader shows except the product itself, which a
 * reader looks up when it serves the event (null once removed). `category` and `certifications`
 * are what the product had (before a removal, after anything else), kept so that a filter needs no
 * look-up; they are not part of the public shape.
 */
export interface ProductChange {
  /** Derived from the product and its two states (event-id.ts): one id in every view and every instance. */
  id: string;
  type: ProductChangeType;
  /** RFC 3339. */
  occurredAt: string;
  productId: string;
  economy: string;
  connector: string;
  /** Per product, strictly increasing over all its events. */
  version: number;
  aspects: ChangeAspect[];
  /** UPDATED: each changed field; CERTIFICATE_EXPIRING: the certificate's validUntil; otherwise empty. */
  changes: FieldChange[];
  compliance: ComplianceTransition | null;
  category: string | null;
  certifications: string[];
}

/** The CloudEvents 1.0 JSON object of a change (docs/contract.md): `/changes`, the stream and webhook bodies. */
export interface ProductCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: {
    productId: string;
    economy: string;
    connector: string;
    version: number;
    aspects: ChangeAspect[];
    changes: FieldChange[];
    product: Record<string, unknown> | null;
    compliance: ComplianceTransition | null;
  };
}

/**
 * The CloudEvents 1.0 object of a stored change, with the product's JSON-LD document as it stands
 * (null once removed): the shape every reader outside GraphQL sends.
 */
export function toCloudEvent(change: ProductChange, productDocument: Record<string, unknown> | null): ProductCloudEvent {
  return {
    specversion: '1.0',
    id: change.id,
    source: `/connectors/${change.connector}`,
    type: CLOUD_EVENT_TYPES[change.type],
    subject: change.productId,
    time: change.occurredAt,
    datacontenttype: 'application/json',
    data: {
      productId: change.productId,
      economy: change.economy,
      connector: change.connector,
      version: change.version,
      aspects: change.aspects,
      changes: change.changes,
      product: change.type === 'REMOVED' ? null : productDocument,
      compliance: change.compliance,
    },
  };
}

const BY_CLOUD_TYPE = new Map(Object.entries(CLOUD_EVENT_TYPES).map(([name, cloud]) => [cloud, name as ProductChangeType]));

/** A change type from its enum name (`UPDATED`) or its CloudEvents type (`ovop.product.updated`), as `/changes?type=` takes it. */
export function changeTypeFromName(name: string): ProductChangeType | undefined {
  if ((PRODUCT_CHANGE_TYPES as readonly string[]).includes(name)) return name as ProductChangeType;
  return BY_CLOUD_TYPE.get(name);
}

/**
 * The JSON text of `toCloudEvent(change, document)` given the document's own JSON text (null once
 * removed, or when the product is gone): byte for byte what JSON.stringify of the object gives, with
 * the document, most of the bytes, spliced in as it is rather than parsed and stringified again.
 */
export function cloudEventText(change: ProductChange, documentText: string | null): string {
  const [head, tail] = cloudEventEnds(change);
  return head + (change.type === 'REMOVED' || documentText === null ? 'null' : documentText) + tail;
}

/**
 * The text of `cloudEventText(change, document)` before the document and after it: a writer of many
 * events writes the three texts one after another, rather than join them into one string first.
 */
export function cloudEventEnds(change: ProductChange): [head: string, tail: string] {
  return [
    `{"specversion":"1.0","id":${JSON.stringify(change.id)},"source":${JSON.stringify(`/connectors/${change.connector}`)}` +
      `,"type":"${CLOUD_EVENT_TYPES[change.type]}","subject":${JSON.stringify(change.productId)},"time":${JSON.stringify(change.occurredAt)}` +
      `,"datacontenttype":"application/json","data":{"productId":${JSON.stringify(change.productId)},"economy":${JSON.stringify(change.economy)}` +
      `,"connector":${JSON.stringify(change.connector)},"version":${JSON.stringify(change.version)},"aspects":${JSON.stringify(change.aspects)}` +
      `,"changes":${JSON.stringify(change.changes)},"product":`,
    `,"compliance":${JSON.stringify(change.compliance)}}}`,
  ];
}
