/** The gateway's view of one shard, as its admin-only `shards` query answers it. */
export interface ShardView {
  readonly prefectureCode: string;
  readonly state: string;
  readonly url: string | null;
  readonly lastError: string | null;
  readonly candidateUrl: string | null;
  readonly candidateError: string | null;
}

const SHARDS_QUERY = '{ shards { prefectureCode state url lastError candidateUrl candidateError } }';

/** Every shard as the gateway sees it; needs an admin token (URLs are admin-only). */
export async function gatewayShards(gatewayUrl: string, adminToken: string): Promise<ShardView[]> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query: SHARDS_QUERY }),
  });
  const body = (await response.json()) as { data?: { shards: ShardView[] }; errors?: { message: string }[] };
  if (!body.data) throw new Error(`the gateway's shards query failed: ${body.errors?.[0]?.message ?? response.status}`);
  return body.data.shards;
}

/** One line per shard that does not serve: its prefecture, state, URL and the last error seen. */
export function describeNonServing(shards: readonly ShardView[], names: ReadonlyMap<string, string>): string[] {
  return shards
    .filter((s) => s.state !== 'SERVING')
    .map((s) => {
      const why = s.candidateError ?? s.lastError ?? 'no error recorded yet';
      const candidate = s.candidateUrl ? `, candidate ${s.candidateUrl}` : '';
      return `  ${s.prefectureCode} ${names.get(s.prefectureCode) ?? ''}: ${s.state} at ${s.url ?? 'no URL'}${candidate} — ${why}`;
    });
}
