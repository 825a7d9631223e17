import { describe, expect, it } from 'vitest';
import { changeTypeFromName, cloudEventText, type ProductChange, toCloudEvent } from './event';

const updated: ProductChange = {
  id: 'abcdefghijklmnopqrstuv',
  type: 'UPDATED',
  occurredAt: '2026-12-01T03:04:05.000Z',
  productId: 'my-ovop:K-9',
  economy: 'MY',
  connector: 'my-ovop',
  version: 7,
  aspects: ['PRICE'],
  changes: [{ path: 'price.amount', before: '12.50', after: '13.00' }],
  compliance: null,
  category: 'FOOD',
  certifications: ['HALAL'],
};

describe('toCloudEvent', () => {
  it('builds the CloudEvents 1.0 object of the contract, filters kept out of it', () => {
    const product = { '@context': 'https://gw.example/context.jsonld', identifier: 'my-ovop:K-9' };
    expect(toCloudEvent(updated, product)).toEqual({
      specversion: '1.0',
      id: 'abcdefghijklmnopqrstuv',
      source: '/connectors/my-ovop',
      type: 'ovop.product.updated',
      subject: 'my-ovop:K-9',
      time: '2026-12-01T03:04:05.000Z',
      datacontenttype: 'application/json',
      data: {
        productId: 'my-ovop:K-9',
        economy: 'MY',
        connector: 'my-ovop',
        version: 7,
        aspects: ['PRICE'],
        changes: [{ path: 'price.amount', before: '12.50', after: '13.00' }],
        product,
        compliance: null,
      },
    });
  });

  it('has no product once removed', () => {
    const event = toCloudEvent({ ...updated, type: 'REMOVED', changes: [] }, { stale: true });
    expect(event.type).toBe('ovop.product.removed');
    expect(event.data.product).toBeNull();
  });
});

describe('cloudEventText', () => {
  const document = { '@context': 'https://gw.example/context.jsonld', name: { vi: 'Mật ong "rừng"', ja: '蜂蜜\u2028' }, offers: { price: '1.50' } };
  const compliance = {
    destination: 'MY',
    from: 'READY' as const,
    to: 'GAPS' as const,
    checks: [{ code: 'HALAL_CERTIFICATE', level: 'MANDATORY' as const, requirement: 'halal', status: 'EXPIRED' as const, detail: null, reference: 'r' }],
    effectiveAt: '2026-12-01T00:00:00.000Z',
  };
  it.each([
    [
      'UPDATED',
      {
        ...updated,
        changes: [
          { path: 'name.vi', before: 'a\n"b"', after: null },
          { path: 'x', before: { a: [1, 2.5] }, after: true },
        ],
      },
      document,
    ],
    ['CREATED', { ...updated, type: 'CREATED' as const, changes: [] }, document],
    ['REMOVED (the document is left out)', { ...updated, type: 'REMOVED' as const, changes: [] }, document],
    ['COMPLIANCE_CHANGED', { ...updated, type: 'COMPLIANCE_CHANGED' as const, aspects: ['COMPLIANCE' as const], compliance }, document],
    ['a product gone from the index', { ...updated, productId: 'my-ovop:\u00e9"x' }, null],
  ])('is the text of toCloudEvent, byte for byte: %s', (_, change, doc) => {
    expect(cloudEventText(change, doc && JSON.stringify(doc))).toBe(JSON.stringify(toCloudEvent(change, doc)));
  });
});

describe('changeTypeFromName', () => {
  it('takes enum names and CloudEvents types, nothing else', () => {
    expect(changeTypeFromName('UPDATED')).toBe('UPDATED');
    expect(changeTypeFromName('ovop.certificate.expiring')).toBe('CERTIFICATE_EXPIRING');
    expect(changeTypeFromName('updated')).toBeUndefined();
    expect(changeTypeFromName('__proto__')).toBeUndefined();
  });
});
