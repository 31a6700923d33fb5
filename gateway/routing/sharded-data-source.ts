import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// The enum is not re-exported from the package root.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { isNonNullType, OperationTypeNode, type FieldNode } from 'graphql';
import type { Logger } from '../../lib/logger.js';
import type { GatewayContext } from '../context.js';
import type { PrefectureContract } from '../contract/prefecture-contract.js';
import type { ShardCallLimiter } from '../shards/shard-call-limiter.js';
import type { ShardRegistry } from '../shards/shard-registry.js';
import { routeEntities } from './entities-router.js';
import { parseFetch, responseKey } from './fetch-operation.js';
import { routeRootField, type FieldResult } from './root-field-router.js';
import type { DispatchContext, ShardError } from './shard-dispatch.js';
import type { ShardCallMetrics } from '../observability/gateway-metrics.js';

/** The answer a data source gives the gateway, as @apollo/gateway declares it (no extra package). */
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface ShardedDataSourceOptions {
  readonly registry: ShardRegistry;
  readonly contract: PrefectureContract;
  /** Per-shard timeout of one call. */
  readonly timeoutMs: number;
  /** Per-shard timeout of one ledger chunk (importLedgerRows), which writes up to 1000 rows. */
  readonly ledgerTimeoutMs: number;
  readonly limiter: ShardCallLimiter;
  readonly logger: Logger;
  /** Per-shard call latency for /metrics. */
  readonly metrics?: ShardCallMetrics;
}

/**
 * The data source of the logical `prefecture` subgraph: one contract, many shards. Entities go to
 * the shards owning them, root fields where their `@route` says, mutations to exactly one shard,
 * one after another as GraphQL requires.
 */
export class ShardedDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly options: ShardedDataSourceOptions) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
      return {
        errors: [{ message: 'the prefecture subgraph is sharded: the gateway serves it from the checked-in contract' }],
      };
    }
    const { registry, timeoutMs, ledgerTimeoutMs, limiter, logger } = this.options;
    const ctx: DispatchContext = {
      registry,
      timeoutMs,
      ledgerTimeoutMs,
      limiter,
      logger,
      hubTokenFor: options.context.hubTokenFor,
      requestId: options.context.requestId,
      idempotencyKey: options.context.idempotencyKey,
      metrics: this.options.metrics,
      cache: options.context.cache,
    };
    return executeShardedFetch(ctx, this.options.contract, options.request.query!, options.request.variables ?? {});
  }
}

/**
 * Answers one operation of the prefecture contract from the shards: what the gateway's query plan
 * sends the logical `prefecture` subgraph, and what a ledger export process sends without a
 * gateway around it (gateway/ledger/export-process-main.ts). Errors name their prefecture.
 */
export async function executeShardedFetch(
  ctx: DispatchContext,
  contract: PrefectureContract,
  query: string,
  variables: Record<string, unknown>,
): Promise<GatewayGraphQLResponse> {
  const fetch = parseFetch(query);
  const [first] = fetch.rootFields;
  if (fetch.rootFields.length === 1 && first.name.value === '_entities') {
    const key = responseKey(first);
    const { entities, errors } = await routeEntities(ctx, contract, query, variables, key);
    return respond({ [key]: entities }, errors);
  }
  const data: Record<string, unknown> = {};
  const errors: ShardError[] = [];
  const route = (field: FieldNode) => routeRootField(ctx, contract, fetch, field, variables);
  const isMutation = fetch.operation.operation === OperationTypeNode.MUTATION;
  const results = isMutation
    ? await mutateInOrder(fetch.rootFields, route, contract)
    : await Promise.all(fetch.rootFields.map(route));
  results.forEach((result, i) => {
    data[responseKey(fetch.rootFields[i])] = result.value;
    errors.push(...result.errors);
  });
  return respond(data, errors);
}

/**
 * Mutation fields run one after another, as GraphQL requires, and like any GraphQL server the
 * gateway stops at a non-null field that failed: the response is null anyway, and the fields after
 * it must not write.
 */
async function mutateInOrder(
  fields: readonly FieldNode[],
  route: (field: FieldNode) => Promise<FieldResult>,
  contract: PrefectureContract,
): Promise<FieldResult[]> {
  const mutationFields = contract.schema.getMutationType()?.getFields() ?? {};
  const results: FieldResult[] = [];
  for (const field of fields) {
    const result = await route(field);
    results.push(result);
    const definition = mutationFields[field.name.value];
    if (result.value == null && definition && isNonNullType(definition.type)) break;
  }
  return results;
}

function respond(data: Record<string, unknown>, errors: ShardError[]): GatewayGraphQLResponse {
  return errors.length ? { data, errors } : { data };
}
