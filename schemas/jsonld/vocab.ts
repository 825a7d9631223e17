import { NAMESPACES, TERMS } from './terms';

/** The vocabulary document (`/vocab`): every term with its IRI, label and comment, as JSON-LD. */
export const VOCABULARY = {
  '@context': {
    ...NAMESPACES,
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    term: 'ovop:term',
    label: { '@id': 'rdfs:label', '@container': '@language' },
    comment: { '@id': 'rdfs:comment', '@container': '@language' },
  },
  '@id': NAMESPACES.ovop.replace(/#$/, ''),
  '@graph': TERMS.map((t) => ({
    '@id': t.iri,
    '@type': t.kind === 'class' ? 'rdfs:Class' : t.kind === 'property' ? 'rdf:Property' : 'ovop:CategoryCode',
    term: t.term,
    label: t.labels ?? { en: t.label },
    comment: { en: t.comment },
  })),
};
