import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';

/** Tells the request's cache what kind of operation it runs: only a query's answer is kept whole. */
export function operationKindForCache(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          if (contextValue.cache) contextValue.cache.operation = operation?.operation ?? null;
          return Promise.resolve();
        },
      });
    },
  };
}
