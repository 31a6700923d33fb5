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
