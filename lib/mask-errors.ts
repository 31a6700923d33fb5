import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from './logger.js';

/** Codes whose messages were written for clients; anything else is an internal failure. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'WRONG_PREFECTURE',
  'PREFECTURE_UNAVAILABLE',
  'UNKNOWN_PREFECTURE',
  'JOBS_UNAVAILABLE',
  'RATE_LIMITED',
  'WRITE_OUTCOME_UNKNOWN',
  'IDEMPOTENCY_KEY_REUSED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'TRUSTED_DOCUMENT_REQUIRED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: client errors pass through; internal ones are logged in full and reach
 * the client only as "internal error" with the code, never a stack trace or SQL.
 */
export function maskInternalErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'internal error in resolver');
    const prefecture = formatted.extensions?.prefecture;
    return {
      message: 'internal error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(prefecture ? { prefecture } : {}) },
    };
  };
}
