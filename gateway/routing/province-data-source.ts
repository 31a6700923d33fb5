import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { HUB_TOKEN_HEADER } from '../../schema/contract/actor.js';
import type { GatewayContext } from '../context.js';

/** The province subgraph: one HTTP endpoint, called with the caller's gateway-signed token. */
export class ProvinceDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const context = (options as { context?: Partial<GatewayContext> }).context;
    if (!context?.hubToken) return;
    options.request.http?.headers.set(HUB_TOKEN_HEADER, await context.hubToken());
    if (context.requestId) options.request.http?.headers.set('x-request-id', context.requestId);
  }
}
