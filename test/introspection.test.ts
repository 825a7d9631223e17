import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';

/** INTROSPECTION over real HTTP (docs/contract.md): off refuses `__schema` and `__type`, never `__typename`. */
let off: TestGateway;
let on: TestGateway;
beforeAll(async () => {
  [off, on] = await Promise.all([startGateway({ INTROSPECTION: 'off' }), startGateway()]);
});
afterAll(async () => {
  await Promise.all([off?.close(), on?.close()]);
});

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Product") { name } }';

describe('INTROSPECTION=off', () => {
  it('refuses __schema and __type, every time (the fast path included), over POST and GET', async () => {
    for (const query of [SCHEMA, TYPE, `{ economies { code } ${SCHEMA.slice(1)}`]) {
      for (let i = 0; i < 3; i++) {
        const { data, errors } = await off.graphql(query);
        expect(data).toBeUndefined();
        expect(errors?.[0].message).toMatch(/introspection has been disabled/);
      }
      const res = await fetch(`${off.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } });
      const body = (await res.json()) as any;
      expect(body.data).toBeUndefined();
      expect(res.headers.get('cache-control')).toBeNull();
    }
  });

  it('still answers __typename', async () => {
    for (let i = 0; i < 3; i++) {
      const { data, errors } = await off.graphql('{ __typename economies { __typename code } }');
      expect(errors).toBeUndefined();
      expect(data.__typename).toBe('Query');
      expect(data.economies[0].__typename).toBe('Economy');
    }
  });

  it('is on by default', async () => {
    const { data, errors } = await on.graphql(SCHEMA);
    expect(errors).toBeUndefined();
    expect(data.__schema.queryType.name).toBe('Query');
  });
});
