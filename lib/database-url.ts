/** Which database a subgraph stores into: an embedded SQLite file or a PostgreSQL server. */
export type DatabaseTarget =
  { readonly dialect: 'sqlite'; readonly path: string } | { readonly dialect: 'postgresql'; readonly url: string };

/** `DATABASE_URL` wins when set; otherwise the SQLite file path. */
export function databaseTarget(databaseUrl: string | undefined, sqlitePath: string): DatabaseTarget {
  return databaseUrl ? { dialect: 'postgresql', url: databaseUrl } : { dialect: 'sqlite', path: sqlitePath };
}
