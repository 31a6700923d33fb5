import { GraphQLError } from 'graphql';

/**
 * Every error code the hub's GraphQL APIs return, in one place. Clients switch on
 * `extensions.code`; the message is for people.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  /** The `version` sent with an update is not the current one: reload and retry. */
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** The id or code belongs to a prefecture this subgraph does not serve. */
  WRONG_PREFECTURE: 'WRONG_PREFECTURE',
  /** The id or code names no prefecture the hub knows. */
  UNKNOWN_PREFECTURE: 'UNKNOWN_PREFECTURE',
  /** A prefecture shard is down, slow or incompatible; its data is missing from the answer. */
  PREFECTURE_UNAVAILABLE: 'PREFECTURE_UNAVAILABLE',
  /** The client sent more requests than its budget allows; retry after `extensions.retryAfterSeconds`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Metric jobs cannot be queued or scheduled right now (Redis unreachable or not configured). */
  JOBS_UNAVAILABLE: 'JOBS_UNAVAILABLE',
  /**
   * A write was sent to its subgraph, which did not answer in time (or the connection broke): it
   * may or may not have been applied. Retry with the `Idempotency-Key` in `extensions.idempotencyKey`.
   */
  WRITE_OUTCOME_UNKNOWN: 'WRITE_OUTCOME_UNKNOWN',
  /** The Idempotency-Key was already used by this caller for a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The document id (or APQ hash) names no document of the gateway's trusted-document manifest. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** TRUSTED_DOCUMENTS_ONLY is on and the caller, not an admin, sent a document outside the manifest. */
  TRUSTED_DOCUMENT_REQUIRED: 'TRUSTED_DOCUMENT_REQUIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Codes a prefecture subgraph returns for the caller's own mistake: its answer is correct, the
 * shard is healthy, and its message was written for the client. Any other code from a shard is
 * the shard's failure.
 */
export const CONTRACT_CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.VERSION_CONFLICT,
  ErrorCode.WRONG_PREFECTURE,
  ErrorCode.UNKNOWN_PREFECTURE,
  ErrorCode.IDEMPOTENCY_KEY_REUSED,
]);

export function hubError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** Invalid input: names the offending field (dotted path) and says why. */
export function badInput(field: string, reason: string): GraphQLError {
  return hubError(ErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, { field });
}

/** No or an unacceptable credential: HTTP 401, no data. `messageZh` for what people read. */
export function unauthenticated(message: string, messageZh?: string): GraphQLError {
  return hubError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 }, ...(messageZh ? { messageZh } : {}) });
}
