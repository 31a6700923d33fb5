import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// The enum is not re-exported from the package root.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Logger } from '../../lib/logger.js';
import type { GatewayContext } from '../context.js';
import type { PrefectureContract } from '../contract/prefecture-contract.js';
import type { ShardRegistry } from '../shards/shard-registry.js';
import { routeEntities } from './entities-router.js';
import { parseFetch, responseKey } from './fetch-operation.js';
import { routeRootField } from './root-field-router.js';
import type { DispatchContext, ShardError } from './shard-dispatch.js';

export interface ShardedDataSourceOptions {
  readonly registry: ShardRegistry;
  readonly contract: PrefectureContract;
  /** Per-shard timeout of one call. */
  readonly timeoutMs: number;
  readonly logger: Logger;
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
      return { errors: [{ message: 'the prefecture subgraph is sharded: the gateway serves it from the checked-in contract' }] };
    }
    const { registry, contract, timeoutMs, logger } = this.options;
    const ctx: DispatchContext = {
      registry,
      timeoutMs,
      logger,
      hubToken: await options.context.hubToken(),
      requestId: options.context.requestId,
    };
    const fetch = parseFetch(options.request.query!);
    const variables = options.request.variables ?? {};
    const [first] = fetch.rootFields;
    if (fetch.rootFields.length === 1 && first.name.value === '_entities') {
      const key = responseKey(first);
      const { entities, errors } = await routeEntities(ctx, contract, options.request.query!, variables, key);
      return respond({ [key]: entities }, errors);
    }
    const data: Record<string, unknown> = {};
    const errors: ShardError[] = [];
    const route = (field: (typeof fetch.rootFields)[number]) => routeRootField(ctx, contract, fetch, field, variables);
    const results =
      fetch.operation.operation === 'mutation'
        ? await sequentially(fetch.rootFields, route)
        : await Promise.all(fetch.rootFields.map(route));
    fetch.rootFields.forEach((field, i) => {
      data[responseKey(field)] = results[i].value;
      errors.push(...results[i].errors);
    });
    return respond(data, errors);
  }
}

async function sequentially<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}

function respond(data: Record<string, unknown>, errors: ShardError[]): GatewayGraphQLResponse {
  return errors.length ? { data, errors: errors as GatewayGraphQLResponse['errors'] } : { data };
}
