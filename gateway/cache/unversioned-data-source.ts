import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../context.js';

/**
 * Wraps a data source whose answers no version covers (the gateway's own shard-health subgraph,
 * which changes with every check): an answer that reads it is never kept whole.
 */
export function unversioned(
  source: GraphQLDataSource<GatewayContext>,
  name: string,
): GraphQLDataSource<GatewayContext> {
  return {
    process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
      (options as { context?: Partial<GatewayContext> }).context?.cache?.readUnversioned(name);
      return source.process(options);
    },
  };
}
