import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { localDocumentLoader } from '../gateway/jsonld/document-loader';
import { inProcessGateway } from './helpers/gateway';

/**
 * The linked-data face of the catalogue: product documents, the shared context and the vocabulary,
 * checked with a real JSON-LD processor (expansion and RDF), never loading a remote context.
 */

// In process (app.request()): what is answered is the subject here, not the connection.
const server = inProcessGateway();

describe('JSON-LD', () => {
  it('serves a product document that expands and converts to RDF as a schema.org Product with language-tagged names', async () => {
    const response = await server.request(`/products/${encodeURIComponent('jp-ovop:OITA-0001')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const doc = await response.json();
    const expanded = await jsonld.expand(doc, { documentLoader: localDocumentLoader as any });
    expect(expanded[0]!['@type']).toEqual(['https://schema.org/Product']);
    const quads = (await jsonld.toRDF(doc, { documentLoader: localDocumentLoader as any })) as any[];
    const names = quads.filter((q) => q.predicate.value === 'https://schema.org/name' && q.subject.value === doc.id);
    expect(names.map((q) => q.object.language).sort()).toEqual(['en', 'ja']);
    expect(quads.some((q) => q.predicate.value === 'https://schema.org/offers')).toBe(true);
    expect(quads.some((q) => q.predicate.value === 'https://w3id.org/apec-ovop/vocab#programme')).toBe(true);
  });

  it("states the offer's availability as schema.org's ItemAvailability, and none where the source says nothing", async () => {
    const { data } = await server.graphql('{ products(first: 100) { edges { node { availability jsonld } } } }');
    const nodes = data.products.edges.map((e: any) => e.node) as Array<{ availability: string; jsonld: any }>;
    const availabilityOf = async (doc: any) => {
      const quads = (await jsonld.toRDF(doc, { documentLoader: localDocumentLoader as any })) as any[];
      return quads.filter((q) => q.predicate.value === 'https://schema.org/availability').map((q) => q.object.value);
    };
    const expected: Record<string, string> = { IN_STOCK: 'https://schema.org/InStock', OUT_OF_STOCK: 'https://schema.org/OutOfStock' };
    const known = nodes.filter((n) => n.jsonld.offers && expected[n.availability]);
    expect(known.length).toBeGreaterThan(0);
    for (const node of known) expect(await availabilityOf(node.jsonld)).toEqual([expected[node.availability]]);
    const unknown = nodes.find((n) => n.jsonld.offers && n.availability === 'UNKNOWN');
    expect(unknown).toBeDefined();
    expect(await availabilityOf(unknown!.jsonld)).toEqual([]);
  });

  it('every product document expands to a Product', async () => {
    const { data } = await server.graphql('{ products(first: 100) { edges { node { jsonld } } } }');
    for (const { node } of data.products.edges) {
      const expanded = await jsonld.expand(node.jsonld, { documentLoader: localDocumentLoader as any });
      expect(expanded[0]!['@type']).toEqual(['https://schema.org/Product']);
    }
  });

  it('answers 404 NOT_FOUND with a JSON body for an unknown id', async () => {
    const response = await server.request(`/products/${encodeURIComponent('vn-ocop:NOPE')}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('serves the shared context and a vocabulary with every term labelled', async () => {
    const context = await (await server.request(`/contexts/ovop.jsonld`)).json();
    expect(context['@context'].name).toEqual({ '@id': 'schema:name', '@container': '@language' });
    const vocab = await (await server.request(`/vocab`)).json();
    const terms = vocab['@graph'];
    expect(terms.length).toBeGreaterThan(40);
    for (const term of terms) expect(term.label.en).toBeTruthy();
    for (const own of ['programme', 'programmeRating', 'story', 'hsCode']) {
      expect(terms.find((t: any) => t.term === own)['@id']).toBe(`ovop:${own}`);
    }
    const expanded = await jsonld.expand(vocab, { documentLoader: localDocumentLoader as any });
    expect(expanded[0]!['@graph']).toHaveLength(terms.length);
  });

  it('never loads a remote context', async () => {
    await expect(localDocumentLoader('https://example.org/other.jsonld')).rejects.toThrow(/refusing/);
  });
});
