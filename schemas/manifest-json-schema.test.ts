import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchemaText } from './manifest-json-schema';

describe('the committed manifest JSON Schema', () => {
  it('is what the zod manifest schema generates (run `npm run manifest-schema` after changing it)', () => {
    const committed = readFileSync(new URL('./manifest.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(manifestJsonSchemaText());
  });
});
