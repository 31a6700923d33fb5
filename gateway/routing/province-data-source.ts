import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { IDEMPOTENCY_KEY_HEADER } from '../../lib/idempotency-key.js';
import { HUB_TOKEN_HEADER, PROVINCE_AUDIENCE } from '../../schema/contract/hub-credential.js';
import type { GatewayContext } from '../context.js';
import { unversionedProvinceField } from '../cache/province-reads.js';

type FetchResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

/** The province subgraph: one HTTP endpoint, called with the caller's gateway-signed token for `province`. */
export class ProvinceDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * Tells the request's cache what the province was asked: a read of versioned data, a read of
   * something no version covers (the answer is not kept whole), or a write, which bumps the
   * province's version once answered, before the client hears of it.
   */
  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const cache = (options as { context?: Partial<GatewayContext> }).context?.cache;
    const query = options.request.query;
    if (!cache || query === undefined) return super.process(options);
    if (isMutation(query)) {
      try {
        return await super.process(options);
      } finally {
        await cache.wroteProvince();
      }
    }
    const unversioned = unversionedProvinceField(query);
    if (unversioned) cache.readUnversioned(`province ${unversioned}`);
    else cache.readProvince();
    return super.process(options);
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const context = (options as { context?: Partial<GatewayContext> }).context;
    if (!context?.hubTokenFor) return;
    options.request.http?.headers.set(HUB_TOKEN_HEADER, await context.hubTokenFor(PROVINCE_AUDIENCE));
    if (context.requestId) options.request.http?.headers.set('x-request-id', context.requestId);
    // One fetch may carry several mutation fields: the province scopes the key with each one's response key.
    if (context.idempotencyKey && isMutation(options.request.query)) {
      options.request.http?.headers.set(IDEMPOTENCY_KEY_HEADER, context.idempotencyKey);
    }
  }

  /**
   * The subgraph refuses some input with HTTP 400 (a LocalDate literal it cannot parse, say):
   * pass its own GraphQL error on, so the client reads BAD_USER_INPUT and why, not an internal error.
   */
  override async errorFromResponse(response: FetchResponse): Promise<GraphQLError> {
    const body = (await this.parseBody(response.clone())) as
      { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | string;
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    const code = first?.extensions?.code;
    if (response.status === 400 && first?.message && typeof code === 'string') {
      return new GraphQLError(first.message, {
        extensions: { code: code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : code },
      });
    }
    return super.errorFromResponse(response);
  }
}

/** Whether a fetch the query planner built is a mutation (it prints the operation keyword first). */
function isMutation(query: string | undefined): boolean {
  return query !== undefined && /^\s*mutation\b/.test(query);
}
