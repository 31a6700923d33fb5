import { loadTrustedDocuments } from '../../schema/trusted-documents.js';

/** A GraphQL operation of the dashboard, as its browser code sends it. */
export interface DashboardQuery {
  /** The operation name (`query Headline(…)` → Headline). */
  readonly name: string;
  readonly query: string;
}

/**
 * The named operations, read from the trusted-document manifest that `npm run documents:build`
 * extracts from the dashboard's code, so a benchmark asks exactly what the page asks. Throws when
 * one is missing, so a renamed or removed dashboard query cannot go unnoticed.
 */
export function dashboardQueries(names: readonly string[]): DashboardQuery[] {
  const byName = new Map<string, string>();
  for (const text of Object.values(loadTrustedDocuments())) {
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(text)?.[1];
    if (name) byName.set(name, text);
  }
  return names.map((name) => {
    const query = byName.get(name);
    if (query === undefined) throw new Error(`schema/trusted-documents.json has no dashboard operation ${name}`);
    return { name, query };
  });
}

/**
 * The operations of the dashboard's first view (province, no filter chosen, newest run): the
 * province figures, plus one PrefectureLive per prefecture tile, each routed to its own shard.
 */
export const FIRST_VIEW = ['Headline', 'PrefectureRates', 'Trend', 'Stalled', 'Industries', 'PrefectureLive'];

/** The variables the page sends with each first-view operation; `code` is the tile's prefecture. */
export function firstViewVariables(name: string, code: string): Record<string, unknown> {
  const today = new Date().toISOString().slice(0, 10);
  const [y, m] = today.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1 - 11, 1)).toISOString().slice(0, 10);
  switch (name) {
    case 'Headline':
    case 'PrefectureRates':
      return { asOf: null, cohort: {} };
    case 'Industries':
      return { asOf: null };
    case 'PrefectureLive':
      return { filter: { prefectures: [code] } };
    case 'Trend':
      return { from, to: today, cohort: {} };
    case 'Stalled':
      return { asOf: null, filter: {}, first: 20, after: null };
    default:
      throw new Error(`no first-view variables of the dashboard's ${name} query`);
  }
}
