import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';

/** An answer of the gateway's own graph, as a client would get it. */
export interface GraphAnswer {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLFormattedError[];
}

/**
 * Runs one operation through the gateway's own graph for one caller: the same plan, argument
 * checks, routing, answer checks and idempotency as a client's request, without another HTTP hop
 * or another count against the caller's rate limit. A mutation carries `idempotencyKey`.
 */
export type GraphExecutor = (
  query: string,
  variables: Record<string, unknown>,
  idempotencyKey?: string,
) => Promise<GraphAnswer>;

/** An error's `extensions.code`; INTERNAL_SERVER_ERROR when it has none. */
export function codeOf(error: GraphQLFormattedError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR;
}
