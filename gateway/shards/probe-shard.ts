import type { PrefectureContract } from '../contract/prefecture-contract.js';
import { callShard, ShardCallError, shardRequestBody } from './shard-client.js';
import { contractProblems } from './contract-compatibility.js';

export interface ProbeResult {
  readonly state: 'SERVING' | 'DOWN' | 'INCOMPATIBLE';
  readonly latencyMs: number;
  readonly error: string | null;
}

/** One round trip: the shard's SDL, and whether it really serves the prefecture it is registered for. */
const PROBE = `query HubShardProbe($reps: [_Any!]!) {
  _service { sdl }
  _entities(representations: $reps) { ... on Prefecture { code } }
}`;

/** Checks a shard URL against the contract and its prefecture code. */
export async function probeShard(
  url: string,
  prefectureCode: string,
  contract: PrefectureContract,
  hubToken: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const response = await callShard({
      url, hubToken, timeoutMs,
      body: shardRequestBody(PROBE, { reps: [{ __typename: 'Prefecture', code: prefectureCode }] }),
    });
    const wrongPrefecture = response.errors?.find((e) => e.extensions?.code === 'WRONG_PREFECTURE');
    if (wrongPrefecture) return { state: 'INCOMPATIBLE', latencyMs: elapsed(), error: `serves another prefecture: ${wrongPrefecture.message}` };
    const sdl = (response.data?._service as { sdl?: unknown } | undefined)?.sdl;
    if (typeof sdl !== 'string') {
      return { state: 'INCOMPATIBLE', latencyMs: elapsed(), error: `published no SDL (${response.errors?.[0]?.message ?? 'no _service'})` };
    }
    const problems = contractProblems(contract, sdl);
    if (problems.length) {
      const shown = problems.slice(0, 3).join('; ');
      return { state: 'INCOMPATIBLE', latencyMs: elapsed(), error: `breaks the contract: ${shown}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}` };
    }
    return { state: 'SERVING', latencyMs: elapsed(), error: null };
  } catch (error) {
    if (error instanceof ShardCallError) return { state: 'DOWN', latencyMs: elapsed(), error: error.message };
    throw error;
  }
}
