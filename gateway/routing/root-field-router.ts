import { getArgumentValues, getNamedType, isObjectType, OperationTypeNode, type FieldNode } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { fieldIdempotencyKey, MAX_FIELD_KEY_LENGTH } from '../../lib/idempotency-key.js';
import type { ProjectOrder } from '../../schema/contract/project-order.js';
import type { PrefectureContract, RootRoute } from '../contract/prefecture-contract.js';
import { mergeConnection, withMergeSelections } from './connection-merge.js';
import {
  appendPage,
  firstRoundSize,
  pagesToComplete,
  withPageArguments,
  type PageToComplete,
} from './connection-refill.js';
import { operationFor, responseKey, type FetchOperation } from './fetch-operation.js';
import { shardRequestBody } from '../shards/shard-client.js';
import { rootFieldCheck, type AskedSelection } from './answer-conformance.js';
import {
  dispatch,
  type AnswerCheck,
  type DispatchContext,
  type ShardError,
  type ShardOutcome,
} from './shard-dispatch.js';
import { mergeSum } from './sum-merge.js';
import { bothChecks, sumBoundCheck } from './sum-bounds.js';
import { cursorArgumentProblem } from './cursor-argument.js';
import { ownLedgerRowsCheck, ownProjectCheck } from './row-ownership.js';
import { unanimousInputRefusals } from './input-refusals.js';
import { writeFailure } from './write-failure.js';

export interface FieldResult {
  readonly value: unknown;
  readonly errors: ShardError[];
}

/** Answers one root field of a prefecture fetch the way its `@route` says. */
export async function routeRootField(
  ctx: DispatchContext,
  contract: PrefectureContract,
  fetch: FetchOperation,
  field: FieldNode,
  variables: Record<string, unknown>,
): Promise<FieldResult> {
  const key = responseKey(field);
  const rootType = (
    fetch.operation.operation === OperationTypeNode.MUTATION
      ? contract.schema.getMutationType()
      : contract.schema.getQueryType()
  )!;
  if (field.name.value === '__typename') return { value: rootType.name, errors: [] };
  const route = contract.routes.get(`${rootType.name}.${field.name.value}`);
  const definition = rootType.getFields()[field.name.value];
  if (!route || !definition)
    return fail(
      key,
      ErrorCode.BAD_USER_INPUT,
      `${rootType.name}.${field.name.value} is not part of the prefecture contract`,
    );
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, field, variables);
  } catch (error) {
    return fail(key, ErrorCode.BAD_USER_INPUT, (error as Error).message);
  }
  // Every shard's answer is checked against what it was asked before it is merged or returned.
  const asked: AskedSelection = { schema: contract.schema, fragments: fetch.fragments };
  if (route.kind === 'key') {
    const conforms = rootFieldCheck(asked, definition.type, field);
    // A project answered by the shard the key chose (or named by its import results) must be that prefecture's.
    const answered = getNamedType(definition.type).name;
    const ownership =
      answered === 'Project' ? ownProjectCheck : answered === 'LedgerImportResult' ? ownLedgerRowsCheck : null;
    const checkFor = (code: string) =>
      ownership ? bothChecks(conforms, ownership(code, field, fetch.fragments)) : conforms;
    // A ledger chunk is checked and written row by row on the shard: seconds, not milliseconds.
    const timeoutMs = answered === 'LedgerImportResult' ? ctx.ledgerTimeoutMs : undefined;
    return routeByKey(ctx, fetch, field, variables, route.path, args, checkFor, timeoutMs);
  }
  const { codes, errors } = targetShards(ctx, route, args, key);
  // The counts of the shards are added up: none may be large enough to overflow the sum.
  const bounded = sumBoundCheck(codes.length, route.merge, key);
  const checkOf = (sent: FieldNode) => bothChecks(rootFieldCheck(asked, definition.type, sent), bounded);
  if (route.merge === 'SUM') {
    const outcomes = await fanOut(ctx, codes, operationFor(fetch, field), variables, key, checkOf(field));
    const result = collect(outcomes, key, errors, codes.length);
    // Every shard refused (say, the caller's filter): there is nothing to add up.
    if (result.values.length === 0 && result.refused) return { value: null, errors: dedupe(result.errors) };
    const type = getNamedType(definition.type);
    if (!isObjectType(type)) throw new Error(`${rootType.name}.${field.name.value}: a SUM field must be an object`);
    const value = mergeSum(type, field.selectionSet!, fetch.fragments, result.values);
    return { value, errors: dedupe(result.errors) };
  }
  const after = args.after;
  const cursorProblem = typeof after === 'string' ? cursorArgumentProblem(after, args.orderBy as ProjectOrder) : null;
  if (cursorProblem) {
    const name = `${field.name.value}.after`;
    return fail(key, ErrorCode.BAD_USER_INPUT, `${name}: ${cursorProblem}`, { field: name });
  }
  const share = firstRoundSize(args.first, codes.length);
  const sent = withMergeSelections(share === null ? field : withPageArguments(field, { first: share }));
  const outcomes = await fanOut(ctx, codes, operationFor(fetch, sent), variables, key, checkOf(sent));
  const result = collect(outcomes, key, errors, codes.length);
  if (result.values.length === 0 && result.refused) return { value: null, errors: dedupe(result.errors) };
  const merge = (pages: typeof result.pages) =>
    mergeConnection({
      field,
      fragments: fetch.fragments,
      pages,
      first: args.first as number,
      after: (args.after as string | undefined) ?? null,
      orderBy: args.orderBy as ProjectOrder,
    });
  let merged = merge(result.pages);
  if (share !== null) {
    const toComplete = pagesToComplete(result.pages, merged.leading, args.first as number);
    if (toComplete.length) {
      const first = args.first as number;
      merged = merge(await completePages(ctx, fetch, field, variables, first, toComplete, result, checkOf));
    }
  }
  for (const code of merged.malformed) result.errors.push(badPage(ctx, code, key));
  return { value: merged.connection, errors: dedupe(remapEdgeErrors(result.errors, merged.edgeIndex, key)) };
}

/**
 * Round two of a page (see connection-refill.ts): each shard in `toComplete` is asked for the
 * rest of a full page after its last row, and its answer appended to its round-one page. A shard
 * that fails now is left out like one that failed in round one (its round-one rows alone could
 * leave a gap before its next rows); the others' shares were sized assuming its rows, so the
 * merge then stops the page where every remaining shard's rows are certain (see mergeConnection).
 */
async function completePages(
  ctx: DispatchContext,
  fetch: FetchOperation,
  field: FieldNode,
  variables: Record<string, unknown>,
  first: number,
  toComplete: readonly PageToComplete[],
  result: { pages: { code: string; page: unknown }[]; errors: ShardError[] },
  checkOf: (sent: FieldNode) => AnswerCheck,
): Promise<{ code: string; page: unknown }[]> {
  const key = responseKey(field);
  const pages = new Map(result.pages.map((p) => [p.code, p.page]));
  await Promise.all(
    toComplete.map(async ({ code, after, have }) => {
      const rest = withMergeSelections(withPageArguments(field, { first: first - have, after }));
      const body = shardRequestBody(operationFor(fetch, rest), variables);
      const outcome = await dispatch(ctx, code, body, [key], { check: checkOf(rest) });
      const later = outcome.ok ? outcome.response.data?.[key] : null;
      if (outcome.ok) result.errors.push(...shiftEdgeErrors(outcome.response.errors ?? [], key, have));
      else result.errors.push(outcome.error);
      if (later == null) {
        pages.delete(code);
        // The shard refused a request the gateway built: whatever it said, its prefecture is missing.
        if (outcome.ok) result.errors.push(badPage(ctx, code, key));
        return;
      }
      pages.set(
        code,
        appendPage(
          field,
          fetch.fragments,
          pages.get(code) as Record<string, unknown>,
          later as Record<string, unknown>,
        ),
      );
    }),
  );
  return [...pages].map(([code, page]) => ({ code, page }));
}

/** A round-two edge error's index counts from that round's first row; make it the shard's. */
function shiftEdgeErrors(errors: ShardError[], key: string, offset: number): ShardError[] {
  return errors.map((error) => {
    const [root, edges, index, ...rest] = error.path ?? [];
    return root === key && typeof index === 'number'
      ? { ...error, path: [root, edges, index + offset, ...rest] }
      : error;
  });
}

async function routeByKey(
  ctx: DispatchContext,
  fetch: FetchOperation,
  field: FieldNode,
  variables: Record<string, unknown>,
  path: readonly string[],
  args: Record<string, unknown>,
  checkFor: (code: string) => AnswerCheck,
  timeoutMs?: number,
): Promise<FieldResult> {
  const key = responseKey(field);
  const value = path.reduce<unknown>((v, step) => (v as Record<string, unknown> | undefined)?.[step], args);
  if (typeof value !== 'string' || !/^\d{6}/.test(value)) {
    const name = [field.name.value, ...path].join('.');
    return fail(key, ErrorCode.BAD_USER_INPUT, `${name}: must start with a 6-digit prefecture code`, { field: name });
  }
  const body = shardRequestBody(operationFor(fetch, field), variables);
  const check = checkFor(value.slice(0, 6));
  if (fetch.operation.operation === OperationTypeNode.MUTATION) {
    const fieldKey = fieldIdempotencyKey(ctx.idempotencyKey, key);
    if (fieldKey.length > MAX_FIELD_KEY_LENGTH) {
      const message = `Idempotency-Key: with the alias ${key}, must be at most ${MAX_FIELD_KEY_LENGTH} characters long`;
      const extensions = { code: ErrorCode.BAD_USER_INPUT, field: 'Idempotency-Key' };
      return { value: null, errors: [{ message, path: [key], extensions }] };
    }
    const outcome = await dispatch(ctx, value.slice(0, 6), body, [key], { check, idempotencyKey: fieldKey, timeoutMs });
    // Before the answer goes out, so the writer and everyone after read past the cache (read-your-writes).
    if (outcome.ok || outcome.mayHaveArrived) await ctx.cache?.wrote(outcome.code, outcome.ok ? 'applied' : 'unknown');
    if (!outcome.ok) return { value: null, errors: [writeFailure(outcome, ctx.idempotencyKey)] };
    return { value: outcome.response.data?.[key] ?? null, errors: refusalsOfOne(outcome.response.errors) };
  }
  const outcome = await dispatch(ctx, value.slice(0, 6), body, [key], { check });
  if (!outcome.ok) return { value: null, errors: [outcome.error] };
  return { value: outcome.response.data?.[key] ?? null, errors: refusalsOfOne(outcome.response.errors) };
}

/** The errors of the one shard a key chose: its refusal of the input is every shard asked's. */
const refusalsOfOne = (errors: ShardError[] | undefined) => unanimousInputRefusals(errors ?? [], 1);

/** The shards a fan-out goes to: those named by the filter, else every one in the registry. */
function targetShards(
  ctx: DispatchContext,
  route: RootRoute & { kind: 'fanOut' },
  args: Record<string, unknown>,
  key: string,
) {
  const errors: ShardError[] = [];
  const named = route.filterPath?.reduce<unknown>(
    (v, step) => (v as Record<string, unknown> | undefined)?.[step],
    args,
  );
  if (!Array.isArray(named)) return { codes: ctx.registry.codes(), errors };
  const codes = [...new Set(named.map(String))].filter((code) => {
    if (ctx.registry.has(code)) return true;
    errors.push({
      message: `no prefecture ${code} is known to the hub`,
      path: [key],
      extensions: { code: ErrorCode.UNKNOWN_PREFECTURE, prefecture: code },
    });
    return false;
  });
  return { codes, errors };
}

/** The same operation to every shard in `codes` at once; serialized once for all of them. */
function fanOut(
  ctx: DispatchContext,
  codes: string[],
  query: string,
  variables: Record<string, unknown>,
  key: string,
  check: AnswerCheck,
) {
  const body = shardRequestBody(query, variables);
  return Promise.all(codes.map((code) => dispatch(ctx, code, body, [key], { check })));
}

/**
 * Splits shard outcomes into usable values and errors; `refused` when a shard answered null.
 * A refusal of the input all `shardsAsked` agree on is the hub's, not one prefecture's.
 */
function collect(outcomes: ShardOutcome[], key: string, errors: ShardError[], shardsAsked: number) {
  const values: Record<string, unknown>[] = [];
  const pages: { code: string; page: unknown }[] = [];
  let refused = false;
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      errors.push(outcome.error);
      continue;
    }
    errors.push(...(outcome.response.errors ?? []));
    const value = outcome.response.data?.[key];
    if (value === null || value === undefined) refused = true;
    else {
      values.push(value as Record<string, unknown>);
      pages.push({ code: outcome.code, page: value });
    }
  }
  return { values, pages, errors: unanimousInputRefusals(errors, shardsAsked), refused };
}

/** An edge error's index is the shard's; point it at the merged page, or drop it with its edge. */
function remapEdgeErrors(errors: ShardError[], edgeIndex: ReadonlyMap<string, number>, key: string): ShardError[] {
  return errors.flatMap((error) => {
    const [root, edges, index, ...rest] = error.path ?? [];
    if (root !== key || typeof index !== 'number') return [error];
    const prefecture = error.extensions?.prefecture;
    const merged = typeof prefecture === 'string' ? edgeIndex.get(`${prefecture}:${index}`) : undefined;
    return merged === undefined ? [] : [{ ...error, path: [key, edges, merged, ...rest] }];
  });
}

/** The same refusal from sixteen shards (say, a bad argument) is one error, not sixteen. */
function dedupe(errors: ShardError[]): ShardError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (error.extensions?.code === ErrorCode.PREFECTURE_UNAVAILABLE) return true;
    const id = JSON.stringify([error.message, error.path, error.extensions?.code]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function badPage(ctx: DispatchContext, code: string, key: string): ShardError {
  return {
    message: `prefecture ${ctx.registry.describe(code)} answered a page this gateway cannot merge; its data is missing from this answer`,
    path: [key],
    extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, prefecture: code, reason: 'BAD_RESPONSE' },
  };
}

function fail(key: string, code: string, message: string, extensions: Record<string, unknown> = {}): FieldResult {
  return { value: null, errors: [{ message, path: [key], extensions: { ...extensions, code } }] };
}
