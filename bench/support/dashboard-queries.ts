import { readFileSync } from 'node:fs';

/** A GraphQL operation of the dashboard, as its browser code sends it. */
export interface DashboardQuery {
  /** The operation name (`query Headline(…)` → Headline). */
  readonly name: string;
  readonly query: string;
}

const SOURCES = ['gateway/dashboard/public/app.js', 'gateway/dashboard/public/stalled.js'];

/**
 * The operations the dashboard's browser code sends, read from its source so a benchmark asks
 * exactly what the page asks: every `const NAME = \`query …\`` template, with the `${CONST}`
 * parts filled from the simple string or number constants of the same file. Throws when a template
 * uses anything else, so a change to the page cannot go unnoticed.
 */
export function dashboardQueries(): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const file of SOURCES) {
    const source = readFileSync(file, 'utf8');
    const constants = new Map<string, string>();
    for (const [, name, text, number] of source.matchAll(/^const (\w+) = (?:'([^'\n]*)'|(\d+));$/gm)) {
      constants.set(name, text ?? number);
    }
    for (const [, , template] of source.matchAll(/^const (\w+) = `((?:query|mutation)\b[^`]*)`;$/gm)) {
      const query = template.replace(/\$\{(\w+)\}/g, (_, name: string) => {
        const value = constants.get(name);
        if (value === undefined) throw new Error(`${file}: a dashboard query uses \${${name}}, not a simple constant`);
        return value;
      });
      const name = /^(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
      if (!name) throw new Error(`${file}: a dashboard query without an operation name: ${query.slice(0, 80)}`);
      queries.push({ name, query });
    }
  }
  return queries;
}
