import { z } from 'zod';
import { Manifest } from './manifest';

/** Where the gateway serves the manifest's JSON Schema. */
export const MANIFEST_SCHEMA_PATH = '/schemas/manifest.json';

/**
 * The connector manifest's JSON Schema (draft 2020-12), generated from the zod schema that the
 * gateway parses manifests with, for economies' editors and CI. Rules zod checks in code (the id
 * starting with the economy, known currencies) are not expressible here; the dry run reports them.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Manifest, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: `https://ovop.example${MANIFEST_SCHEMA_PATH}`,
    title: 'OVOP federation connector manifest',
    description: 'What a member economy registers to connect its national catalogue (docs/contract.md, "Connector manifest").',
    ...rest,
  };
}

/** The schema as committed in schemas/manifest.schema.json (two-space JSON, final newline). */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
