import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';

let server: TestGateway;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('GraphQL over HTTP audit (graphql-http serverAudits), MUST', () => {
  const audits = serverAudits({ url: () => `${server.url}/graphql`, fetchFn: fetch });
  for (const audit of audits.filter((a) => a.name.startsWith('MUST'))) {
    it(audit.name, async () => {
      const result = await audit.fn();
      expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
    });
  }
});

describe('GraphQL over HTTP audit, every check: MUST, SHOULD and MAY', () => {
  it('passes all of them, with nothing failed or warned, twice (the second time from the response cache)', async () => {
    const audits = serverAudits({ url: () => `${server.url}/graphql`, fetchFn: fetch });
    expect(audits).toHaveLength(61);
    for (const round of ['fresh', 'cached']) {
      const results = await Promise.all(audits.map(async (audit) => ({ audit, result: await audit.fn() })));
      const notOk = results
        .filter(({ result }) => result.status !== 'ok')
        .map(({ audit, result }) => `${round} ${audit.name}: ${'reason' in result ? result.reason : result.status}`);
      expect(notOk).toEqual([]);
    }
  });
});
