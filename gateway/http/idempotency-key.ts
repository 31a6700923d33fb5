import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import {
  IDEMPOTENCY_KEY_FIELD as HEADER_NAME,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyProblem,
  MAX_CLIENT_KEY_LENGTH,
} from '../../lib/idempotency-key.js';

/**
 * The request's Idempotency-Key: the client's, checked, or a new UUID when it sent none, so every
 * write can be retried safely with the key the gateway reports back when its outcome is unknown.
 */
export function idempotencyKeyOf(req: IncomingMessage): string {
  const sent = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (sent === undefined) return randomUUID();
  const value = Array.isArray(sent) ? sent.join(', ') : sent;
  const problem = Array.isArray(sent) ? 'must be sent once' : idempotencyKeyProblem(value, MAX_CLIENT_KEY_LENGTH);
  if (!problem) return value;
  throw new GraphQLError(`${HEADER_NAME} header: ${problem}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: HEADER_NAME, http: { status: 400 } },
  });
}
