import { parse } from 'graphql';

/**
 * The gateway's own small subgraph, served in process: what this gateway knows of each shard.
 * Composed into the supergraph like any other subgraph, so dashboards see shard health next to
 * the prefecture it belongs to (`prefectures { nameZh shard { state } }`).
 * Each gateway replica reports its own view.
 */
export const HUB_SUBGRAPH_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

"""How the gateway sees one prefecture shard."""
enum ShardState {
  """Compatible with the contract and answering."""
  SERVING
  """Not answering (connection refused, timeout or garbage) at the last check or request."""
  DOWN
  """Answering, but its schema breaks the contract: excluded until fixed."""
  INCOMPATIBLE
  """No subgraph URL registered for this prefecture."""
  UNREGISTERED
  """Not checked yet."""
  UNKNOWN
}

"""The gateway's view of one prefecture shard."""
type ShardStatus {
  prefectureCode: String!
  state: ShardState!
  """URL the gateway sends traffic to (admins only)."""
  url: String
  """Whether the shard's schema satisfies the prefecture contract at the last check."""
  compatible: Boolean
  """Latency of the last call (health check or request), in milliseconds."""
  lastLatencyMs: Float
  """Last error seen from this shard, if any."""
  lastError: String
  """When the shard was last checked against the contract (ISO 8601)."""
  checkedAt: String
  """A newly registered URL still being checked; traffic stays on \`url\` until it passes (admins only)."""
  candidateUrl: String
  """Why the candidate URL was not adopted yet."""
  candidateError: String
}

type Prefecture @key(fields: "code") {
  code: String!
  """The gateway's view of this prefecture's shard."""
  shard: ShardStatus!
}

"""What an export holds."""
enum LedgerExportKind {
  """Projects of a \`projects\` filter and order, in the ledger's columns (imports back unchanged)."""
  PROJECTS
  """The stalled-project flags of a date."""
  STALLED
  """A cohort's metrics: the province and each prefecture, with numerators and denominators."""
  METRICS
}

enum LedgerExportFormat {
  XLSX
  """UTF-8 with BOM, so Excel reads Chinese correctly."""
  CSV
}

input LedgerExportInput {
  kind: LedgerExportKind!
  format: LedgerExportFormat! = XLSX
  """PROJECTS and STALLED: one prefecture's rows only; default the whole province."""
  prefecture: String
  """PROJECTS: a ProjectFilter, STALLED: a StallFilterInput, as a JSON object."""
  filter: String
  """PROJECTS: a ProjectOrder; default SIGNED_ON_DESC."""
  orderBy: String
  """STALLED and METRICS: the date (YYYY-MM-DD); default the newest run."""
  asOf: String
  """METRICS: a CohortInput as a JSON object, e.g. {"year":2018,"signingLevel":"PROVINCIAL_MAJOR_EVENT"}."""
  cohort: String
}

"""A download link: GET it with the same Bearer token, once, before it expires."""
type LedgerExportLink {
  """Path on the gateway, e.g. /ledger/exports?link=…"""
  url: String!
  """ISO 8601; the link is refused after this (a few minutes)."""
  expiresAt: String!
}

type Query {
  """Every prefecture shard as this gateway sees it."""
  shards: [ShardStatus!]!
  """
  A short-lived link to download an export as .xlsx or CSV, streamed page by page. The export is
  checked now (filter, rights, every shard answering); the download reads with the caller's own rights.
  """
  ledgerExport(input: LedgerExportInput!): LedgerExportLink!
}
`;

export const HUB_SUBGRAPH_DOCUMENT = parse(HUB_SUBGRAPH_SDL);
