import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startGateway, type TestGateway } from './helpers/gateway';

let node: TestGateway;
let edge: EdgeGateway;
beforeAll(async () => {
  [node, edge] = await Promise.all([startGateway(), startEdgeGateway()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([node?.close(), edge?.close()]);
});

const SEARCH = /* GraphQL */ `
  query Search($text: String!) {
    products(first: 20, filter: { text: $text }) {
      totalCount
      facets { economies { code count } categories { code count } ratings { value count } certifications { code count } }
      edges { node { id } matchedBy { term matched kind field concept } }
    }
  }
`;

describe('search answers alike on Workers and on Node', () => {
  // Thai is cut by Intl.Segmenter on both runtimes; typos, kanji variants and the lexicon are the same code.
  it.each(['น้ำผึ้ง', 'กาแฟ', 'ผ้าไหม', 'shitake', '干し椎茸', 'kerepek', 'lạp xưởng', 'ca phe', 'pottery', 'tsokolate'])('%s', async (text) => {
    const [fromNode, fromEdge] = await Promise.all([node.graphql(SEARCH, { text }), edge.graphql(SEARCH, { text })]);
    expect(fromNode.errors).toBeUndefined();
    expect(fromNode.data.products.totalCount).toBeGreaterThan(0);
    expect(fromEdge).toEqual(fromNode);
  });
});
