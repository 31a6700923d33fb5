import { isObjectType } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import type { PrefectureContract } from '../contract/prefecture-contract.js';
import { shardRequestBody } from '../shards/shard-client.js';
import { answerProblem } from './answer-conformance.js';
import { parseFetch, responseKey, type FetchOperation } from './fetch-operation.js';
import { dispatch, type AnswerCheck, type DispatchContext, type ShardError } from './shard-dispatch.js';

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
  const fetch = parseFetch(query);
  const byCode = new Map<string, number[]>();
  representations.forEach((rep, index) => {
    const keyField = contract.entityKeys.get(String(rep.__typename));
    const value = keyField ? rep[keyField] : undefined;
    if (typeof value !== 'string' || !/^\d{6}/.test(value)) {
      errors.push({
        message: `cannot tell which prefecture owns ${String(rep.__typename)} ${JSON.stringify(value)}`,
        path: [key, index],
        extensions: { code: ErrorCode.UNKNOWN_PREFECTURE },
      });
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
      const check = entitiesCheck(contract, fetch, subset);
      const body = shardRequestBody(query, { ...variables, representations: subset });
      const outcome = await dispatch(ctx, code, body, [key], { check });
      if (!outcome.ok) {
        failEach(outcome.error);
        return;
      }
      const answered = outcome.response.data?.[key];
      if (!Array.isArray(answered)) {
        // The shard failed openly (the check let only an explained null through): say so at each entity.
        for (const error of (outcome.response.errors ?? []).slice(0, 1)) failEach(error);
        return;
      }
      answered.forEach((entity: unknown, j) => {
        entities[indices[j]] = entity;
      });
      for (const error of outcome.response.errors ?? []) {
        const [, j, ...rest] = error.path ?? [];
        errors.push(typeof j === 'number' ? { ...error, path: [key, indices[j], ...rest] } : error);
      }
    }),
  );
  return { entities, errors };
}

/**
 * The check of one shard's `_entities` answer: one entity (or null) per representation sent, in
 * order, each of the type its representation names, with what was selected on that type.
 */
function entitiesCheck(
  contract: PrefectureContract,
  fetch: FetchOperation,
  subset: readonly Record<string, unknown>[],
): AnswerCheck {
  const [field] = fetch.rootFields;
  const key = responseKey(field);
  const asked = { schema: contract.schema, fragments: fetch.fragments };
  return (response) => {
    const answered = response.data?.[key];
    if (answered == null && response.errors?.length) return null;
    if (!Array.isArray(answered) || answered.length !== subset.length) {
      return `${Array.isArray(answered) ? answered.length : 'no'} entities for ${subset.length} asked`;
    }
    const entities: readonly unknown[] = answered;
    for (const [j, entity] of entities.entries()) {
      const type = contract.schema.getType(String(subset[j].__typename));
      if (!type || !isObjectType(type)) return `${key}.${j} is of a type the contract does not have`;
      const problem = answerProblem(asked, type, field.selectionSet, entity, `${key}.${j}`);
      if (problem) return problem;
      // The entity answered must be the one asked for, not another prefecture's passed off as it.
      const keyField = contract.entityKeys.get(type.name);
      // answerProblem found the entity null or an object of `type`.
      const said = keyField && entity ? (entity as Record<string, unknown>)[keyField] : undefined;
      if (keyField && said !== undefined && said !== subset[j][keyField]) {
        return `${key}.${j} is ${type.name} ${JSON.stringify(said)}, not the one asked for`;
      }
    }
    return null;
  };
}
