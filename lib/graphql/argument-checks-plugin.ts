import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode, hubError } from '../errors.js';
import { findArgumentProblem, type ArgumentCheckOptions } from './argument-checks.js';

/**
 * Refuses an operation with a bad argument value (see findArgumentProblem) before anything runs:
 * one BAD_USER_INPUT error naming the field, HTTP 400. At the gateway this means no shard is
 * called for a caller's mistake, so none can be blamed for it.
 */
export function argumentChecks<C extends BaseContext>(options: ArgumentCheckOptions): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problem = findArgumentProblem(schema, document, operation, request.variables, options);
          if (!problem) return;
          throw hubError(ErrorCode.BAD_USER_INPUT, `${problem.field}: ${problem.message}`, {
            field: problem.field,
            http: { status: 400 },
          });
        },
      };
    },
  };
}
