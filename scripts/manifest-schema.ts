import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestJsonSchemaText } from '../schemas/manifest-json-schema';

/** `npm run manifest-schema`: regenerates schemas/manifest.schema.json from the zod manifest schema. */
const target = fileURLToPath(new URL('../schemas/manifest.schema.json', import.meta.url));
writeFileSync(target, manifestJsonSchemaText());
console.log(`wrote ${target}`);
