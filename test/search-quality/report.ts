/**
 * `npm run search-quality`: serves the gateway over real HTTP on the sample catalogues, runs the
 * judged query set and prints recall@10 and precision@10 by kind of query (and every query that
 * misses something, with `--verbose`).
 */
import { startGateway } from '../helpers/gateway';
import { byKind, measure } from './measure';

const server = await startGateway();
try {
  const outcomes = await measure((query, variables) => server.graphql(query, variables));
  const pct = (x: number) => x.toFixed(2);
  console.log('kind                 queries  recall@10  precision@10  empty');
  for (const f of byKind(outcomes)) {
    console.log(
      `${f.kind.padEnd(20)} ${String(f.queries).padStart(7)}  ${pct(f.recall).padStart(9)}  ${pct(f.precision).padStart(12)}  ${String(f.empty).padStart(5)}`,
    );
  }
  if (process.argv.includes('--verbose')) {
    for (const o of outcomes.filter((o) => o.recall < 1)) {
      const missing = o.query.expect.filter((id) => !o.top.includes(id));
      console.log(`  ${o.query.kind} ${JSON.stringify(o.query.text)} recall ${pct(o.recall)} (total ${o.total}); missing ${missing.join(' ')}`);
    }
  }
} finally {
  await server.close();
}
