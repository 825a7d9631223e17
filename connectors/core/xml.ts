import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CatalogueError } from './errors';

/**
 * XML to plain objects: attributes under `@name`, text under `#text` when an element also has
 * attributes, every value a string (a GTIN stays a string, never a number). Elements named in
 * `arrays` are always arrays. Malformed or truncated XML, or a DTD declaring entities (the
 * billion-laughs and XXE vectors), makes the catalogue unreadable.
 */
export function parseXml(text: string, arrays: readonly string[] = []): Record<string, unknown> {
  if (/<!ENTITY/i.test(text)) throw new CatalogueError('DTD entity declarations are not accepted in a catalogue');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CatalogueError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const always = new Set(arrays);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => always.has(name),
  });
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new CatalogueError(`malformed XML: ${(error as Error).message}`);
  }
}
