import { ErrorCode } from '../../lib/errors.js';
import type { PrefectureContract } from '../contract/prefecture-contract.js';
import { shardRequestBody } from '../shards/shard-client.js';
import { dispatch, type DispatchContext, type ShardError } from './shard-dispatch.js';

export interface EntitiesResult {
  readonly entities: unknown[];
  readonly errors: ShardError[];
}

/**
 * `_entities` across shards: representations are grouped by the prefecture code their key starts
 * with, each group goes to its shard in parallel, and the answers are put back in the original
 * order and count (the gateway's executor rejects anything else). Representations of unknown or
 * unavailable prefectures come back null with an error naming the prefecture.
 */
export async function routeEntities(
  ctx: DispatchContext,
  contract: PrefectureContract,
  query: string,
  variables: Record<string, unknown>,
  key: string,
): Promise<EntitiesResult> {
  const representations = variables.representations as Record<string, unknown>[];
  const entities: unknown[] = new Array(representations.length).fill(null);
  const errors: ShardError[] = [];
  const byCode = new Map<string, number[]>();
  representations.forEach((rep, index) => {
    const keyField = contract.entityKeys.get(String(rep.__typename));
    const value = keyField ? rep[keyField] : undefined;
    if (typeof value !== 'string' || !/^\d{6}/.test(value)) {
      errors.push({ message: `cannot tell which prefecture owns ${String(rep.__typename)} ${JSON.stringify(value)}`, path: [key, index], extensions: { code: ErrorCode.UNKNOWN_PREFECTURE } });
      return;
    }
    const code = value.slice(0, 6);
    byCode.set(code, [...(byCode.get(code) ?? []), index]);
  });

  await Promise.all(
    [...byCode].map(async ([code, indices]) => {
      const subset = indices.map((i) => representations[i]);
      // Every entity a failure leaves null gets its own error, so each null is explained where it lands.
      const failEach = (error: ShardError) => errors.push(...indices.map((i) => ({ ...error, path: [key, i] })));
      const outcome = await dispatch(ctx, code, shardRequestBody(query, { ...variables, representations: subset }), [key]);
      if (!outcome.ok) {
        failEach(outcome.error);
        return;
      }
      const answered = outcome.response.data?.[key];
      if (!Array.isArray(answered) || answered.length !== indices.length) {
        failEach({
          message: `prefecture ${ctx.registry.describe(code)} answered ${Array.isArray(answered) ? answered.length : 'no'} entities for ${indices.length} asked; its data is missing from this answer`,
          extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, prefecture: code, reason: 'BAD_RESPONSE' },
        });
        return;
      }
      answered.forEach((entity, j) => (entities[indices[j]] = entity));
      for (const error of outcome.response.errors ?? []) {
        const [, j, ...rest] = error.path ?? [];
        errors.push(typeof j === 'number' ? { ...error, path: [key, indices[j], ...rest] } : error);
      }
    }),
  );
  return { entities, errors };
}
