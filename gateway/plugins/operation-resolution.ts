import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';

/**
 * Refuses a request whose document has no operation to run (`operationName` names none of its
 * operations, or it holds several and names none) with OPERATION_RESOLUTION_FAILURE, HTTP 400:
 * the caller's mistake. Left alone, Apollo hands it to @apollo/gateway, whose executor throws a
 * federation error (INVALID_GRAPHQL) that the hub masks and counts as an internal failure (HTTP
 * 500) — and any viewer could do it with a trusted document id and a wrong operationName.
 */
export function operationResolution(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, {
            extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        },
      };
    },
  };
}
