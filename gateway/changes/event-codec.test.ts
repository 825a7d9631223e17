import { describe, expect, it } from 'vitest';
import type { ProductChange } from './event';
import { decodeChange, encodeChange, MAX_EVENT_BYTES } from './event-codec';

const updated: ProductChange = {
  id: 'abcdefghijklmnopqrstuv',
  type: 'UPDATED',
  occurredAt: '2026-12-01T03:04:05.000Z',
  productId: 'my-ovop:K-9',
  economy: 'MY',
  connector: 'my-ovop',
  version: 7,
  aspects: ['PRICE', 'COMPLIANCE'],
  changes: [{ path: 'price.amount', before: '12.50', after: { nested: [1, true, null] } }],
  compliance: {
    destination: 'MY',
    from: null,
    to: 'GAPS',
    checks: [
      { code: 'HALAL_CERTIFICATE', level: 'MANDATORY', requirement: 'halal', status: 'EXPIRED', detail: null, reference: 'https://x.example' },
      { code: 'LABEL', level: 'RECOMMENDED', requirement: 'label', status: 'PASS', detail: 'ok', reference: 'r', lastChecked: '2026-12-01' },
    ],
    effectiveAt: '2026-12-01T03:04:05.000Z',
  },
  category: null,
  certifications: ['HALAL'],
};

const tampered = (edit: (change: Record<string, any>) => void) => {
  const copy = structuredClone(updated) as Record<string, any>;
  edit(copy);
  return JSON.stringify(copy);
};

describe('the stored event codec', () => {
  it('reads back what it wrote', () => {
    expect(decodeChange(encodeChange(updated))).toEqual(updated);
    const removed = { ...updated, type: 'REMOVED' as const, aspects: [], changes: [], compliance: null, category: 'FOOD' };
    expect(decodeChange(encodeChange(removed))).toEqual(removed);
  });

  it.each([
    ['a member more', (c: Record<string, any>) => (c.extra = 1)],
    ['a member missing', (c: Record<string, any>) => delete c.category],
    ['an unknown type', (c: Record<string, any>) => (c.type = 'MOVED')],
    ['an unknown aspect', (c: Record<string, any>) => (c.aspects = ['COLOUR'])],
    ['a version of zero', (c: Record<string, any>) => (c.version = 0)],
    ['a fractional version', (c: Record<string, any>) => (c.version = 1.5)],
    ['a lower-case economy', (c: Record<string, any>) => (c.economy = 'my')],
    ['an empty id', (c: Record<string, any>) => (c.id = '')],
    ['an id too long', (c: Record<string, any>) => (c.id = 'x'.repeat(65))],
    ['a field change without its before', (c: Record<string, any>) => delete c.changes[0].before],
    ['a field change with a member more', (c: Record<string, any>) => (c.changes[0].by = 'x')],
    ['a transition to an unknown status', (c: Record<string, any>) => (c.compliance.to = 'OK')],
    ['a check with an unknown level', (c: Record<string, any>) => (c.compliance.checks[0].level = 'NICE')],
    ['a check without its detail', (c: Record<string, any>) => delete c.compliance.checks[0].detail],
    ['a certification not a string', (c: Record<string, any>) => (c.certifications = [1])],
  ])('refuses %s', (_, edit) => {
    expect(() => decodeChange(tampered(edit))).toThrow();
  });

  it('refuses what is not an object, and anything past its byte bound', () => {
    expect(() => decodeChange('[]')).toThrow();
    expect(() => decodeChange('null')).toThrow();
    expect(() => decodeChange(' '.repeat(MAX_EVENT_BYTES + 1))).toThrow();
  });
});
