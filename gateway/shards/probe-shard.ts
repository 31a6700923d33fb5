import { WRONG_AUDIENCE_REFUSAL } from '../../schema/contract/hub-credential.js';
import type { PrefectureContract } from '../contract/prefecture-contract.js';
import { callShard, ShardCallError, shardRequestBody } from './shard-client.js';
import { contractProblems } from './contract-compatibility.js';

export interface ProbeResult {
  readonly state: 'SERVING' | 'DOWN' | 'INCOMPATIBLE';
  readonly latencyMs: number;
  readonly error: string | null;
}

/** The shard's SDL: all a probe credential may read. */
const PROBE = 'query HubShardProbe { _service { sdl } }';

/**
 * Checks a shard URL against the contract. `probeToken` names the prefecture the URL is registered
 * for as its audience, so a shard serving another prefecture refuses it: that makes it INCOMPATIBLE
 * (it answers, but not for this prefecture), not DOWN.
 */
export async function probeShard(
  url: string,
  contract: PrefectureContract,
  probeToken: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const response = await callShard({ url, hubToken: probeToken, timeoutMs, body: shardRequestBody(PROBE) });
    const sdl = (response.data?._service as { sdl?: unknown } | undefined)?.sdl;
    if (typeof sdl !== 'string') {
      return {
        state: 'INCOMPATIBLE',
        latencyMs: elapsed(),
        error: `published no SDL (${response.errors?.[0]?.message ?? 'no _service'})`,
      };
    }
    const problems = contractProblems(contract, sdl);
    if (problems.length) {
      const shown = problems.slice(0, 3).join('; ');
      return {
        state: 'INCOMPATIBLE',
        latencyMs: elapsed(),
        error: `breaks the contract: ${shown}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`,
      };
    }
    return { state: 'SERVING', latencyMs: elapsed(), error: null };
  } catch (error) {
    if (!(error instanceof ShardCallError)) throw error;
    // The shard's own words stay in the log (`detail`); the table shows only what the hub concluded.
    if (error.detail?.includes(WRONG_AUDIENCE_REFUSAL)) {
      const why = 'serves another prefecture (it refused a credential addressed to this one)';
      return { state: 'INCOMPATIBLE', latencyMs: elapsed(), error: why };
    }
    return { state: 'DOWN', latencyMs: elapsed(), error: error.message };
  }
}
