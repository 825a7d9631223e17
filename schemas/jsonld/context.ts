import { NAMESPACES, TERMS } from './terms';

/** Where the shared `@context` is served, relative to the gateway's origin. */
export const CONTEXT_PATH = '/contexts/ovop.jsonld';

/** The shared JSON-LD `@context` of every product document, built from the term table. */
export const OVOP_CONTEXT = {
  '@context': {
    '@version': 1.1,
    ...NAMESPACES,
    id: '@id',
    type: '@type',
    ...Object.fromEntries(
      TERMS.map((t) => [
        t.term,
        t.kind === 'property' && (t.container || t.type)
          ? { '@id': t.iri, ...(t.container && { '@container': t.container }), ...(t.type && { '@type': t.type }) }
          : t.iri,
      ]),
    ),
  },
} as const;
