import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { servedSchemaText } from '../gateway/graphql/schema-text';
import { startGateway } from './helpers/gateway';

describe('schema.graphql', () => {
  it('is the schema the gateway serves (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(servedSchemaText());
  });

  it('matches what introspection over HTTP shows', async () => {
    const gw = await startGateway();
    try {
      const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
      const { data } = await gw.graphql(getIntrospectionQuery({ specifiedByUrl: true }));
      expect(printSchema(buildClientSchema(data))).toBe(printSchema(buildSchema(committed)));
    } finally {
      await gw.close();
    }
  });
});
