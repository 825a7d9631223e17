// `npm run schema`: writes the served GraphQL schema to schema.graphql, for client code generators.
// test/schema-file.test.ts fails when the committed file and the served schema differ.
import { writeFileSync } from 'node:fs';
import { servedSchemaText } from '../gateway/graphql/schema-text';

writeFileSync(new URL('../schema.graphql', import.meta.url), servedSchemaText());
console.error('wrote schema.graphql');
