import { JUDGED, type JudgedQuery, type QueryKind } from './judged';

/** One judged query's outcome: what it returned in its first ten, and how much of it was judged. */
export interface QueryOutcome {
  query: JudgedQuery;
  top: string[];
  total: number;
  /** Share of the expected products found in the first ten. */
  recall: number;
  /** Share of the first ten (or fewer, when fewer came back) that the judgement expects. */
  precision: number;
}

export interface KindFigures {
  kind: QueryKind | 'all';
  queries: number;
  recall: number;
  precision: number;
  empty: number;
}

const SEARCH = /* GraphQL */ `
  query Judged($text: String!, $lang: String) {
    products(first: 10, filter: { text: $text }, lang: $lang) { totalCount edges { node { id } } }
  }
`;

type Ask = (query: string, variables: Record<string, unknown>) => Promise<{ data?: any; errors?: any[] }>;

/** Runs every judged query through GraphQL (over HTTP, with `ask`) and scores its first ten. */
export async function measure(ask: Ask, judged: readonly JudgedQuery[] = JUDGED): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = [];
  for (const query of judged) {
    const { data, errors } = await ask(SEARCH, { text: query.text, lang: query.lang });
    if (errors) throw new Error(`${query.text}: ${JSON.stringify(errors)}`);
    const top: string[] = data.products.edges.map((e: any) => e.node.id);
    const found = query.expect.filter((id) => top.includes(id)).length;
    outcomes.push({
      query,
      top,
      total: data.products.totalCount,
      recall: found / query.expect.length,
      precision: top.length ? top.filter((id) => query.expect.includes(id)).length / top.length : 0,
    });
  }
  return outcomes;
}

/** Mean recall@10 and precision@10 per kind of query, and over all of them. */
export function byKind(outcomes: readonly QueryOutcome[]): KindFigures[] {
  const kinds = [...new Set(outcomes.map((o) => o.query.kind))];
  const figures = (kind: KindFigures['kind'], list: readonly QueryOutcome[]): KindFigures => ({
    kind,
    queries: list.length,
    recall: mean(list.map((o) => o.recall)),
    precision: mean(list.map((o) => o.precision)),
    empty: list.filter((o) => o.total === 0).length,
  });
  return [
    ...kinds.map((k) =>
      figures(
        k,
        outcomes.filter((o) => o.query.kind === k),
      ),
    ),
    figures('all', outcomes),
  ];
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
